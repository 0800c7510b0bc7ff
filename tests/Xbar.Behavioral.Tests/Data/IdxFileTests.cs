using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IdxImages SmallImages(int count) =>
        new(count, 2, 3, Enumerable.Range(0, count * 6).Select(i => (byte)(i * 7 % 256)).ToArray());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_ImagesAndLabelsWritten_Expect_SameBytesRead(bool gzip)
    {
        var images = SmallImages(5);
        byte[] labels = [3, 1, 4, 1, 5];
        var ip = Path.Combine(_dir, "a-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        var lp = Path.Combine(_dir, "a-labels-idx1-ubyte" + (gzip ? ".gz" : ""));
        IdxFile.WriteImages(ip, images, gzip);
        IdxFile.WriteLabels(lp, labels, gzip);

        var read = IdxFile.ReadImages(ip);
        Assert.Equal((5, 2, 3), (read.Count, read.Rows, read.Cols));
        Assert.Equal(images.Pixels, read.Pixels);
        Assert.Equal(labels, IdxFile.ReadLabels(lp));
    }

    [Fact]
    public void When_GzipFileHasNoGzExtension_Expect_DetectedByMagicBytes()
    {
        var path = Path.Combine(_dir, "images-idx3-ubyte");
        IdxFile.WriteImages(path, SmallImages(2), gzip: true);
        Assert.Equal(SmallImages(2).Pixels, IdxFile.ReadImages(path).Pixels);
    }

    [Fact]
    public void When_LabelsFileReadAsImages_Expect_WrongMagicErrorNamingFile()
    {
        var path = Path.Combine(_dir, "labels-idx1-ubyte");
        IdxFile.WriteLabels(path, [1, 2, 3], gzip: false);
        var e = Assert.Throws<InvalidInputException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("wrong magic", e.Message);
        Assert.Contains("0x00000801", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_ImageDataTruncated_Expect_TruncatedError(bool gzip)
    {
        var full = Path.Combine(_dir, "full");
        IdxFile.WriteImages(full, SmallImages(4), gzip: false);
        var bytes = File.ReadAllBytes(full);
        var cut = bytes[..(bytes.Length - 5)];
        var path = Path.Combine(_dir, "cut-images-idx3-ubyte");
        if (gzip)
        {
            using var f = File.Create(path);
            using var z = new System.IO.Compression.GZipStream(f, System.IO.Compression.CompressionLevel.Fastest);
            z.Write(cut);
        }
        else File.WriteAllBytes(path, cut);
        var e = Assert.Throws<InvalidInputException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void When_HeaderTruncated_Expect_TruncatedError()
    {
        var path = Path.Combine(_dir, "tiny");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0]);
        var e = Assert.Throws<InvalidInputException>(() => IdxFile.ReadImages(path));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void When_LabelCountDiffersFromImageCount_Expect_ErrorNamingBothCounts()
    {
        var ip = Path.Combine(_dir, "x-images-idx3-ubyte.gz");
        var lp = Path.Combine(_dir, "x-labels-idx1-ubyte.gz");
        IdxFile.WriteImages(ip, SmallImages(4), gzip: true);
        IdxFile.WriteLabels(lp, [1, 2, 3], gzip: true);
        var e = Assert.Throws<InvalidInputException>(() => DatasetLoader.LoadPair(ip, lp));
        Assert.Contains(lp, e.Message);
        Assert.Contains("4 images but 3 labels", e.Message);
    }

    [Fact]
    public void When_FolderHoldsSingleSet_Expect_FirstEightyPercentTrainLastTwentyTest()
    {
        IdxFile.WriteImages(Path.Combine(_dir, "s-images-idx3-ubyte.gz"), SmallImages(10), gzip: true);
        IdxFile.WriteLabels(Path.Combine(_dir, "s-labels-idx1-ubyte.gz"), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], gzip: true);
        var split = DatasetLoader.Load(_dir);
        Assert.Equal(8, split.Train.Count);
        Assert.Equal(2, split.Test.Count);
        Assert.Equal(new byte[] { 8, 9 }, split.Test.Labels);
        Assert.Equal(SmallImages(10).Pixels[(8 * 6)] / 255.0, split.Test.Features[0]);
        Assert.Contains("first 8 train / last 2 test", split.Description);
    }

    [Fact]
    public void When_FolderHoldsTrainAndT10kPairs_Expect_PublishedSplit()
    {
        IdxFile.WriteImages(Path.Combine(_dir, "train-images-idx3-ubyte"), SmallImages(6), gzip: false);
        IdxFile.WriteLabels(Path.Combine(_dir, "train-labels-idx1-ubyte"), [0, 1, 0, 1, 0, 1], gzip: false);
        IdxFile.WriteImages(Path.Combine(_dir, "t10k-images-idx3-ubyte.gz"), SmallImages(3), gzip: true);
        IdxFile.WriteLabels(Path.Combine(_dir, "t10k-labels-idx1-ubyte.gz"), [1, 0, 1], gzip: true);
        var split = DatasetLoader.Load(_dir);
        Assert.Equal(6, split.Train.Count);
        Assert.Equal(3, split.Test.Count);
    }

    [Fact]
    public void When_FolderHasNoDataset_Expect_InvalidInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => DatasetLoader.Load(_dir));
        Assert.Contains("no IDX dataset", e.Message);
    }
}

/// <summary>Hostile IDX files and label sets: refused with the file named, never a 2 GB allocation or a silent extra class.</summary>
public sealed class HostileIdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-idx-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void When_HeaderAnnouncesTwoGigabytesInSixteenBytes_Expect_TruncatedNotOutOfMemory()
    {
        var path = Path.Combine(_dir, "huge-labels-idx1-ubyte");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0x7F, 0xFF, 0xFF, 0xF0, 1, 2, 3]);
        var e = Assert.Throws<InvalidInputException>(() => Xbar.Behavioral.Data.IdxFile.ReadLabels(path));
        Assert.Contains("truncated", e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void When_OneLabelLiesBeyondAGap_Expect_RefusedNamingSampleAndRange()
    {
        var labels = Enumerable.Range(0, 50).Select(i => (byte)(i % 10)).ToArray();
        labels[17] = 200;
        var e = Assert.Throws<InvalidInputException>(() => Xbar.Behavioral.Data.LabeledImages.EnsureContiguousClasses(labels, "labels.idx"));
        Assert.Contains("labels.idx: label 200 at sample 17 is outside the class range 0..9", e.Message);
    }

    [Fact]
    public void When_LabelsAreZeroToNine_Expect_Accepted() =>
        Xbar.Behavioral.Data.LabeledImages.EnsureContiguousClasses(Enumerable.Range(0, 30).Select(i => (byte)(i % 10)).ToArray(), "ok");
}
