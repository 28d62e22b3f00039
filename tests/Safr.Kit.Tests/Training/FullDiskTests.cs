using Safr.Kit.Serialization;
using Safr.Kit.Tests.Data;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Training;

/// <summary>
/// A disk that fills up while a checkpoint is written: a clear error, the previous checkpoint intact, nothing
/// half-written that looks complete, and the run resumes to the uninterrupted weights once there is space again.
/// </summary>
[Collection("KitGlobalState")]
public sealed class FullDiskTests
{
    /// <summary>A stream that takes <paramref name="room"/> bytes, then fails as a full disk does.</summary>
    private sealed class FullDisk(Stream inner, long room) : Stream
    {
        private long _written;
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > room) throw new IOException("No space left on device");
            _written += buffer.Length;
            inner.Write(buffer);
        }
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public void AFullDiskDuringACheckpointKeepsThePreviousOneAndTheRunResumes()
    {
        using var folder = new TempFolder();
        var run = folder["run"];
        var reference = folder["reference"];
        using (var uninterrupted = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 2 }))
            TinyRun.Fit(reference, uninterrupted);

        using (var trainer = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 2 }))
        {
            try
            {
                var error = Assert.Throws<IOException>(() => TinyRun.Fit(run, trainer, progress: p =>
                {
                    // Once epoch 1 is safely on disk, the disk fills up: epoch 2's files get 1000 bytes of room.
                    if (p.EpochDone?.Epoch == 1)
                        AtomicFile.StreamFilterForTests = (path, stream) => path.StartsWith(run, StringComparison.Ordinal) ? new FullDisk(stream, 1000) : null;
                }));
                Assert.Contains("No space left on device", error.Message);
            }
            finally
            {
                AtomicFile.StreamFilterForTests = null;
            }
        }

        var checkpoints = Path.Combine(run, "checkpoints");
        Assert.Equal(1, Checkpoint.Load(Path.Combine(checkpoints, "epoch-001")).Manifest.Epoch);  // intact and loadable
        Assert.False(Directory.Exists(Path.Combine(checkpoints, "epoch-002")));                    // nothing half-written under a real name
        Assert.Empty(Directory.GetDirectories(checkpoints, ".*"));
        Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories));

        using (var resumed = new RunFolder(run).Resume())
        {
            Assert.Equal(1, resumed.CompletedEpochs);
            TinyRun.Fit(run, resumed);
        }
        Assert.Equal(TinyRun.Weights(new RunFolder(reference).FinalModel), TinyRun.Weights(new RunFolder(run).FinalModel));
    }
}
