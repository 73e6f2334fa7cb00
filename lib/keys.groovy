// Vendor key maps: which key opens what during POST. Scripts say what they want
// (setupKey(), bootMenuKey()); the server's vendor profile (lib/vendors/*.yaml, `keys:`) says
// which key that is, and where no profile is known, the vendor name decides here.
// server.vendor comes from the inventory or from `vaxiin discover`.

/** The key that enters firmware setup during POST on this server's vendor (default F2). */
String setupKey() {
    if (server.key('setup')) return server.key('setup')
    switch (server.vendor) {
        case 'hpe': return 'F9'
        case 'lenovo': return 'F1'
        case 'supermicro': return 'Delete'
        default: return 'F2'         // dell, openbmc-based whiteboxes, most AMI/Insyde firmware
    }
}

/** The key that opens the one-time boot menu during POST (default F11). */
String bootMenuKey() {
    if (server.key('bootMenu')) return server.key('bootMenu')
    switch (server.vendor) {
        case 'lenovo': return 'F12'
        case 'qemu': return 'Esc'    // SeaBIOS: "Press ESC for boot menu"
        default: return 'F11'        // dell, hpe, supermicro
    }
}

/** The key that starts a network (PXE) boot during POST (default F12). */
String pxeKey() {
    if (server.key('pxe')) return server.key('pxe')
    switch (server.vendor) {
        case 'hpe': return 'F12'
        default: return 'F12'
    }
}
