package io.vaxiin.target;

import io.vaxiin.connector.serial.TcpSerial;
import io.vaxiin.connector.serial.TcpSerialConfig;

import java.util.Map;

/** A raw serial console over TCP, as a terminal server or a VM's serial port serves it: {@code tcp://HOST:PORT}. */
final class TcpSerialKind implements ConnectorKind {

    @Override
    public Map<String, Role> schemes() {
        return Map.of("tcp", Role.SERIAL);
    }

    @Override
    public Connection prepare(String uri, Endpoint e) {
        TcpSerialConfig config = TcpSerialConfig.fromUri(uri).listener(event -> e.log().warn(e.target() + ": " + event.message())).build();
        return () -> Opened.serial(TcpSerial.connect(config));
    }
}
