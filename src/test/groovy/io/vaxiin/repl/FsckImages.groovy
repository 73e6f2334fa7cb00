package io.vaxiin.repl

import java.nio.file.Files
import java.nio.file.Path

/**
 * Two small ext4 images, really damaged with {@code debugfs -w}, whose interactive
 * {@code e2fsck -f img} asks different questions: a recording made on one and replayed on the
 * other must not pass by luck. Each is made fresh by {@link #make} ({@code mkfs.ext4 -q -F -b 1024
 * img 4M}, then the damages), and every question of both is rightly answered by the single key
 * {@code y}: e2fsck then exits 1 (errors corrected) and {@code e2fsck -fn img} exits 0.
 *
 * <p>What e2fsck 1.47.0 (Debian 12) asks, found by experiment (the prompt ends in a space; e2fsck
 * reads one key, no Enter, and prints {@code yes} after it):
 *
 * <p><b>A</b> — the root directory's link count set to 7, an empty file made and unlinked (so its
 * inode is in use but in no directory), the superblock's free blocks count set to 100:
 * <pre>
 * Pass 4: Checking reference counts
 * Inode 2 ref count is 7, should be 3.  Fix&lt;y&gt;? yes
 * Unattached zero-length inode 12.  Clear&lt;y&gt;? yes
 * Pass 5: Checking group summary information
 * Free blocks count wrong (100, counted=2766).
 * Fix&lt;y&gt;? yes
 * </pre>
 *
 * <p><b>B</b> — lost+found (inode 11) given a deletion time and a size of 1024 (it has 12 blocks),
 * the superblock's free inodes count set to 10:
 * <pre>
 * Pass 1: Checking inodes, blocks, and sizes
 * Inode 11 is in use, but has dtime set.  Fix&lt;y&gt;? yes
 * Inode 11, i_size is 1024, should be 12288.  Fix&lt;y&gt;? yes
 * ...
 * Pass 5: Checking group summary information
 * Free inodes count wrong (10, counted=1013).
 * Fix&lt;y&gt;? yes
 * </pre>
 * Answered "no" ({@code e2fsck -fn}), A would also ask "Connect to /lost+found?" about inode 12;
 * answered yes, the inode is cleared first and that question never comes.
 */
enum FsckImages {

    A(['sif <2> links_count 7', 'write /dev/null foo', 'unlink foo', 'ssv free_blocks_count 100'],
      ['Inode 2 ref count is 7, should be 3.  Fix<y>?',
       'Unattached zero-length inode 12.  Clear<y>?',
       'Free blocks count wrong (100, counted=2766).\nFix<y>?']),

    B(['sif <11> dtime 12345', 'sif <11> size 1024', 'ssv free_inodes_count 10'],
      ['Inode 11 is in use, but has dtime set.  Fix<y>?',
       'Inode 11, i_size is 1024, should be 12288.  Fix<y>?',
       'Free inodes count wrong (10, counted=1013).\nFix<y>?'])

    /** The {@code debugfs -w -R} commands that break a fresh file system, in order. */
    final List<String> damages

    /**
     * The questions in the order e2fsck asks them, as it prints them (a two-line question joined
     * with {@code \n}), up to the prompt's {@code ?} (the space after it and the answer left out).
     */
    final List<String> questions

    FsckImages(List<String> damages, List<String> questions) {
        this.damages = damages
        this.questions = questions
    }

    /** The line on screen while e2fsck waits for the first answer. */
    String firstQuestion() { questions[0] }

    /**
     * Makes {@code dir/fsck-a.img} (or {@code -b}) afresh, damaged, and checks that e2fsck sees
     * the damage: {@code e2fsck -fn} exits 4 (errors left uncorrected).
     */
    Path make(Path dir) {
        def img = dir.resolve("fsck-${name().toLowerCase()}.img")
        Files.deleteIfExists(img)
        run(dir, sbin('mkfs.ext4'), '-q', '-F', '-b', '1024', img.toString(), '4M')
        damages.each { run(dir, sbin('debugfs'), '-w', '-R', it, img.toString()) }
        int check = exitOf(dir, sbin('e2fsck'), '-fn', img.toString())
        if (check != 4) throw new IllegalStateException("e2fsck -fn $img exited $check after the damages $damages, not 4")
        img
    }

    /**
     * Where an e2fsprogs binary is: on PATH, or in /usr/sbin or /sbin, which a user's PATH may lack
     * (bin/test-deps installs e2fsprogs).
     */
    static String sbin(String binary) {
        def dirs = (System.getenv('PATH') ?: '').split(':').toList() + ['/usr/sbin', '/sbin']
        def found = dirs.findAll().collect { Path.of(it, binary) }.find { Files.isExecutable(it) }
        if (found == null) throw new IllegalStateException("$binary is not installed: this test needs e2fsprogs (bin/test-deps)")
        found.toString()
    }

    /** Runs e2fsck -fn on an image: 0 when the file system is clean. */
    static int check(Path img) {
        exitOf(img.parent, sbin('e2fsck'), '-fn', img.toString())
    }

    private static void run(Path dir, String... command) {
        int code = exitOf(dir, command)
        if (code != 0) throw new IllegalStateException("${command.join(' ')} exited $code")
    }

    private static int exitOf(Path dir, String... command) {
        def p = new ProcessBuilder(command as List<String>).directory(dir.toFile()).redirectErrorStream(true).start()
        p.inputStream.text
        p.waitFor()
    }
}
