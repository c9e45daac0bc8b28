package io.mmanet.compat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NioPermissionLocalFileSystemTest {
    @TempDir
    java.nio.file.Path tmp;

    /**
     * The upstream bug: Hadoop's own local file system starts a process ({@code chmod}) to create
     * one file. Seen through the minor page faults of this JVM's finished child processes
     * ({@code cminflt} in /proc/self/stat), which any started program adds to.
     */
    @Test
    void upstreamLocalFileSystemStartsAProcessToCreateAFile() throws IOException {
        assumeLinuxProc();
        assumeFalse(NativeIO.isAvailable(), "libhadoop is loaded: upstream sets permissions natively");
        try (FileSystem upstream = fileSystem(new LocalFileSystem())) {
            long before = childMinorFaults();
            write(upstream, new Path(tmp.toUri().toString(), "upstream.bin"));
            assertTrue(childMinorFaults() > before, "no child process ran: upstream no longer forks chmod, "
                    + "NioPermissionLocalFileSystem can be deleted");
        }
    }

    @Test
    void createsFilesAndDirectoriesWithTheirPermissionsWithoutAProcess() throws IOException {
        assumeLinuxProc();
        try (FileSystem fs = fileSystem(new NioPermissionLocalFileSystem())) {
            Path dir = new Path(tmp.toUri().toString(), "a/b");
            Path file = new Path(dir, "data.bin");
            long before = childMinorFaults();
            assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
            try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1,
                    1 << 20, null)) {
                out.write("pixels".getBytes(StandardCharsets.US_ASCII));
            }
            fs.setPermission(file, new FsPermission((short) 0604));
            assertEquals(before, childMinorFaults(), "a child process ran");

            assertEquals("rwxr-x---", mode(tmp.resolve("a/b")));
            // ChecksumFileSystem gives the .crc sidecar the data file's permission too.
            assertEquals("rw----r--", mode(tmp.resolve("a/b/data.bin")));
            assertEquals("rw----r--", mode(tmp.resolve("a/b/.data.bin.crc")));
            try (var in = fs.open(file)) {
                assertArrayEquals("pixels".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
        }
    }

    @Test
    void aStickyBitTakesHadoopsOwnPath() throws IOException {
        assumeLinuxProc();
        try (FileSystem fs = fileSystem(new NioPermissionLocalFileSystem())) {
            Path dir = new Path(tmp.toUri().toString(), "shared");
            assertTrue(fs.mkdirs(dir));
            fs.setPermission(dir, new FsPermission((short) 01777));
            int unixMode = (Integer) Files.getAttribute(tmp.resolve("shared"), "unix:mode");
            assertEquals(01777, unixMode & 07777);
        }
    }

    @Test
    void aMissingFileFailsNamingIt() throws IOException {
        try (FileSystem fs = fileSystem(new NioPermissionLocalFileSystem())) {
            Path missing = new Path(tmp.toUri().toString(), "missing.bin");
            IOException e = assertThrows(IOException.class, () -> fs.setPermission(missing, new FsPermission((short) 0644)));
            assertTrue(String.valueOf(e.getMessage()).contains("missing.bin"), String.valueOf(e.getMessage()));
        }
    }

    @Test
    void theFileSchemeResolvesToItWhenConfigured() throws IOException {
        Configuration c = new Configuration();
        c.set("fs.file.impl", NioPermissionLocalFileSystem.class.getName());
        c.setBoolean("fs.file.impl.disable.cache", true);
        try (FileSystem fs = new Path(tmp.toUri().toString()).getFileSystem(c)) {
            assertTrue(fs instanceof NioPermissionLocalFileSystem, fs.getClass().getName());
            assertTrue(((LocalFileSystem) fs).getRawFileSystem() instanceof NioPermissionLocalFileSystem.Raw);
        }
    }

    private static void assumeLinuxProc() {
        assumeTrue(Files.isReadable(java.nio.file.Path.of("/proc/self/stat")), "needs Linux /proc");
    }

    private static FileSystem fileSystem(LocalFileSystem fs) throws IOException {
        fs.initialize(URI.create("file:///"), new Configuration());
        return fs;
    }

    private static void write(FileSystem fs, Path p) throws IOException {
        try (FSDataOutputStream out = fs.create(p, true)) {
            out.write(1);
        }
    }

    private static String mode(java.nio.file.Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Minor faults of this process' waited-for children: cminflt, field 11 of /proc/self/stat. */
    private static long childMinorFaults() throws IOException {
        String stat = Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[8]);
    }
}
