using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>
/// The solver's parallel loop (the caller and thread-pool work items claiming chunks): every chunk
/// runs exactly once with the bounds the serial path gives it, and a chunk's exception reaches the
/// caller as it was thrown, as on the serial path.
/// </summary>
public class ChunkedLoopTests
{
    /// <summary>Work from which chunks run on several threads (ChunkedLoop.ParallelWork).</summary>
    private const long ParallelWork = 1 << 17;

    [Fact]
    public void When_RunInParallel_Expect_EveryChunkOnceWithTheSerialBounds()
    {
        const int count = 1000;
        int chunks = ChunkedLoop.ChunkCount(count, ParallelWork, 4);
        Assert.True(chunks > 1);
        for (int round = 0; round < 20; round++)
        {
            var seen = new (int Start, int End)[chunks];
            var calls = new int[chunks];
            new ChunkedLoop(parallel: true).Run(count, ParallelWork, (c, a, e) =>
            {
                Interlocked.Increment(ref calls[c]);
                seen[c] = (a, e);
            }, 4);
            for (int c = 0; c < chunks; c++)
            {
                Assert.Equal(1, calls[c]);
                Assert.Equal((ChunkedLoop.Start(count, chunks, c, 4), ChunkedLoop.Start(count, chunks, c + 1, 4)), seen[c]);
            }
        }
    }

    [Fact]
    public void When_AChunkThrowsInParallel_Expect_ThatExceptionNotAnAggregate()
    {
        var loop = new ChunkedLoop(parallel: true);
        var e = Assert.Throws<NodalSolverException>(() => loop.Run(1000, ParallelWork, (c, _, _) =>
        {
            if (c == 3) throw new NodalSolverException("chunk 3 failed");
        }, 4));
        Assert.Equal("chunk 3 failed", e.Message);
    }

    [Fact]
    public void When_RunsAreNested_Expect_TheyComplete()
    {
        var loop = new ChunkedLoop(parallel: true);
        long total = 0;
        loop.Run(64, ParallelWork, (_, a, e) =>
        {
            for (int i = a; i < e; i++)
                loop.Run(64, ParallelWork, (_, b, f) => Interlocked.Add(ref total, f - b));
        });
        Assert.Equal(64L * 64, total);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void When_RunEach_Expect_EveryItemExactlyOnce(bool parallel)
    {
        for (int round = 0; round < 20; round++)
        {
            var calls = new int[8];
            ChunkedLoop.RunEach(calls.Length, parallel, item => Interlocked.Increment(ref calls[item]));
            Assert.All(calls, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void When_AnItemOfRunEachThrows_Expect_ThatExceptionNotAnAggregate()
    {
        var e = Assert.Throws<NodalSolverException>(() => ChunkedLoop.RunEach(8, parallel: true, item =>
        {
            if (item == 5) throw new NodalSolverException("item 5 failed");
        }));
        Assert.Equal("item 5 failed", e.Message);
    }
}
