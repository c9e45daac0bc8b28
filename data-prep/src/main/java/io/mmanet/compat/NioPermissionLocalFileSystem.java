package io.mmanet.compat;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's local file system ({@code file:}, checksummed as {@link LocalFileSystem}), except that it
 * sets permissions with {@code java.nio} instead of a {@code chmod} child process.
 *
 * <p>Upstream bug (Hadoop 3.3.4, the client Spark 3.5 ships): without the native {@code libhadoop},
 * which no Maven or Spark distribution of ours loads, {@code RawLocalFileSystem.setPermission} runs
 * {@code chmod} in a new process. It is called for every file created (the data file and its
 * {@code .crc} sidecar, at creation and again by {@code ChecksumFileSystem.create}) and every
 * directory it makes: about 22 processes per prep run of {@code bench prep}, and 2,661 in one
 * {@code ./mmanet demo} (training exports every minibatch as a file). Each took ~4 ms of the calling
 * thread's wall time here (docs/benchmarks.md, issue 15, thirteenth pass). A sticky bit, which
 * {@code java.nio} cannot set, and non-POSIX file systems keep the upstream path.
 *
 * <p>Installed as {@code fs.file.impl} (spark-jobs' {@code SparkSessions}); a job's own
 * {@code hadoop.conf."fs.file.impl"} wins. Delete when Hadoop sets local permissions without a
 * process ({@code NioPermissionLocalFileSystemTest} then fails on its upstream check).
 */
public class NioPermissionLocalFileSystem extends LocalFileSystem {

    public NioPermissionLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (unchecksummed) local file system with the same permission setting. */
    public static class Raw extends RawLocalFileSystem {
        private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (!POSIX || permission.getStickyBit() || NativeIO.isAvailable()) {
                super.setPermission(p, permission);
                return;
            }
            Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
        }

        static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
            add(s, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(s, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(s, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            return s;
        }

        private static void add(Set<PosixFilePermission> s, FsAction a, PosixFilePermission read,
                                PosixFilePermission write, PosixFilePermission execute) {
            if (a.implies(FsAction.READ)) {
                s.add(read);
            }
            if (a.implies(FsAction.WRITE)) {
                s.add(write);
            }
            if (a.implies(FsAction.EXECUTE)) {
                s.add(execute);
            }
        }
    }
}
