using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Safr.Kit.Serialization;

namespace Safr.Kit.Tests.Serialization;

public class SafeTensorsRoundTripTests
{
    public static TheoryData<ScalarType, string> Dtypes => new()
    {
        { ScalarType.Float64, "F64" }, { ScalarType.Float32, "F32" }, { ScalarType.Float16, "F16" }, { ScalarType.BFloat16, "BF16" },
        { ScalarType.Int64, "I64" }, { ScalarType.Int32, "I32" }, { ScalarType.Int16, "I16" }, { ScalarType.Int8, "I8" },
        { ScalarType.Byte, "U8" }, { ScalarType.Bool, "BOOL" },
    };

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void EveryDtypeRoundTrips(ScalarType dtype, string name)
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["t.safetensors"];
        var source = new Dictionary<string, Tensor>
        {
            ["matrix"] = (arange(-6, 6).reshape(3, 4) * 3).to(dtype),
            ["scalar"] = tensor(1L).to(dtype),
            ["empty"] = zeros([0, 5], dtype),
            ["vector"] = arange(0, 7).to(dtype),
        };
        SafeTensors.Save(source, file);

        var header = SafeTensors.ReadHeader(file);
        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), header.Tensors.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(header.Tensors, e => Assert.Equal(dtype, e.Dtype));
        using (var doc = ReadJsonHeader(file))
            Assert.Equal(name, doc.RootElement.GetProperty("matrix").GetProperty("dtype").GetString());

        var loaded = SafeTensors.Load(file);
        Assert.Equal(source.Keys, loaded.Keys);
        foreach (var (key, t) in source)
        {
            Assert.Equal(dtype, loaded[key].dtype);
            Assert.Equal(t.shape, loaded[key].shape);
            Assert.Equal(t.Bytes(), loaded[key].Bytes());
        }
    }

    [Fact]
    public void FloatValuesSurviveExactly()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["f.safetensors"];
        var values = new[] { 0.1, -1e-300, double.MaxValue, double.Epsilon, Math.PI, -0.0 };
        SafeTensors.Save(new Dictionary<string, Tensor> { ["v"] = tensor(values) }, file);
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), SafeTensors.Load(file)["v"].data<double>().ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void HeaderIsPaddedToEightBytesAndFollowsTheFormat()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["h.safetensors"];
        for (var nameLength = 1; nameLength <= 9; nameLength++)
        {
            var tensors = new Dictionary<string, Tensor> { [new string('a', nameLength)] = ones([2, 3], float32), ["b"] = ones([1], int64) };
            SafeTensors.Save(tensors, file);
            var bytes = File.ReadAllBytes(file);
            var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0, n % 8);
            Assert.Equal(8 + n + 24 + 8, bytes.Length);
            var json = Encoding.UTF8.GetString(bytes, 8, (int)n);
            Assert.EndsWith("}", json.TrimEnd(' '));
            Assert.True(json.Length - json.TrimEnd(' ').Length < 8);
            using var doc = JsonDocument.Parse(json);
            var a = doc.RootElement.GetProperty(new string('a', nameLength));
            Assert.Equal("F32", a.GetProperty("dtype").GetString());
            Assert.Equal([2, 3], a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal([0, 24], a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal([24, 32], doc.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()));
        }
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["m.safetensors"];
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"\n", ["empty"] = "" };
        SafeTensors.Save(new Dictionary<string, Tensor> { ["x"] = ones(2) }, file, metadata);
        Assert.Equal(metadata, SafeTensors.LoadMetadata(file));
        Assert.Equal(["x"], SafeTensors.Load(file).Keys);

        SafeTensors.Save(new Dictionary<string, Tensor> { ["x"] = ones(2) }, file);
        Assert.Empty(SafeTensors.LoadMetadata(file));
    }

    [Fact]
    public void EmptyDictionaryRoundTrips()
    {
        using var folder = new TempFolder();
        var file = folder["e.safetensors"];
        SafeTensors.Save(new Dictionary<string, Tensor>(), file);
        Assert.Equal(16, new FileInfo(file).Length);
        Assert.Empty(SafeTensors.Load(file));
    }

    [Fact]
    public void NonContiguousTensorsAreWrittenInRowMajorOrder()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["nc.safetensors"];
        var t = arange(0, 6).reshape(2, 3).t();
        SafeTensors.Save(new Dictionary<string, Tensor> { ["t"] = t }, file);
        var loaded = SafeTensors.Load(file)["t"];
        Assert.Equal([3L, 2], loaded.shape);
        Assert.Equal([0L, 3, 1, 4, 2, 5], loaded.data<long>().ToArray());
    }

    [Fact]
    public void LoadOrdersByDataOffsetsAndTensorsJoinTheScope()
    {
        using var folder = new TempFolder();
        var file = folder["o.safetensors"];
        // The header lists "late" first, but its bytes come second.
        var json = """{"late":{"dtype":"U8","shape":[2],"data_offsets":[2,4]},"early":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""";
        SafeTensorsBadInputTests.WriteRaw(file, json, [1, 2, 3, 4]);
        Dictionary<string, Tensor> loaded;
        using (NewDisposeScope())
        {
            loaded = SafeTensors.Load(file);
            Assert.Equal(["early", "late"], loaded.Keys);
            Assert.Equal([(byte)1, 2], loaded["early"].data<byte>().ToArray());
            Assert.Equal([(byte)3, 4], loaded["late"].data<byte>().ToArray());
        }
        Assert.All(loaded.Values, t => Assert.True(t.IsInvalid));
    }

    [Fact]
    public void SaveOverwritesAnExistingFile()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["w.safetensors"];
        SafeTensors.Save(new Dictionary<string, Tensor> { ["a"] = ones(3) }, file);
        SafeTensors.Save(new Dictionary<string, Tensor> { ["b"] = zeros(5) }, file);
        var loaded = SafeTensors.Load(file);
        Assert.Equal(["b"], loaded.Keys);
        Assert.Equal([5L], loaded["b"].shape);
        Assert.Equal([file], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void FailedSaveLeavesTheOldFileIntact()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        var file = folder["keep.safetensors"];
        SafeTensors.Save(new Dictionary<string, Tensor> { ["a"] = ones(3) }, file);
        var before = File.ReadAllBytes(file);

        var disposed = ones(4);
        disposed.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() =>
            SafeTensors.Save(new Dictionary<string, Tensor> { ["fine"] = zeros(100), ["gone"] = disposed }, file));
        Assert.Contains(file, e.Message);
        Assert.Contains("'gone'", e.Message);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal([file], Directory.GetFiles(folder.Path)); // no temporary file left behind

        var reserved = Assert.Throws<ArgumentException>(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["__metadata__"] = zeros(1) }, file));
        Assert.Contains("reserved", reserved.Message);
        var complex = Assert.Throws<NotSupportedException>(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["c"] = zeros([2], ScalarType.ComplexFloat32) }, file));
        Assert.Contains("'c'", complex.Message);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void FailedReplaceRemovesTheTemporaryFile()
    {
        using var scope = NewDisposeScope();
        using var folder = new TempFolder();
        // The target is a folder: the data is written to the temporary file, then the move fails.
        var target = folder["a-folder"];
        Directory.CreateDirectory(target);
        Assert.ThrowsAny<Exception>(() => SafeTensors.Save(new Dictionary<string, Tensor> { ["a"] = ones(3) }, target));
        Assert.Empty(Directory.GetFiles(folder.Path));
        Assert.True(Directory.Exists(target));
    }

    private static JsonDocument ReadJsonHeader(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return JsonDocument.Parse(bytes.AsMemory(8, n));
    }
}

/// <summary>Each malformed input is rejected with a message naming the file and, where one is at fault, the tensor.</summary>
public class SafeTensorsBadInputTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static void WriteRaw(string file, string headerJson, byte[] buffer, ulong? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        using var stream = File.Create(file);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, declaredLength ?? (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        stream.Write(buffer);
    }

    private string Write(string headerJson, byte[] buffer, ulong? declaredLength = null)
    {
        var file = _folder[$"bad-{Guid.NewGuid():N}.safetensors"];
        WriteRaw(file, headerJson, buffer, declaredLength);
        return file;
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    /// <summary>Load, LoadMetadata and ReadHeader all reject the file; returns Load's message.</summary>
    private static string Rejected(string file, params string[] mentions)
    {
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(file));
        Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.LoadMetadata(file));
        Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.ReadHeader(file));
        Assert.Contains(file, e.Message);
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        return e.Message;
    }

    [Fact]
    public void ValidFileForComparison()
    {
        var file = Write("{" + Entry("a", "F32", "[2]", 0, 8) + "}", new byte[8]);
        using var scope = NewDisposeScope();
        Assert.Equal([2L], SafeTensors.Load(file)["a"].shape);
    }

    [Fact]
    public void FileShorterThanEightBytes()
    {
        var file = _folder["short.safetensors"];
        File.WriteAllBytes(file, [1, 2, 3, 4, 5]);
        Rejected(file, "5 bytes", "fewer than the 8");
    }

    [Fact]
    public void HeaderLengthBeyondTheFile()
    {
        var file = Write("{}", [], declaredLength: 1000);
        Rejected(file, "header length 1000", "beyond the end of the file");
    }

    [Fact]
    public void HugeHeaderLength()
    {
        var file = Write("{}", [], declaredLength: ulong.MaxValue);
        Rejected(file, "exceeds the limit");
    }

    [Fact]
    public void InvalidJson()
    {
        var file = Write("{\"a\": {\"dtype\": \"F32\", ", []);
        Rejected(file, "not valid JSON");
        Rejected(Write("[1, 2]", []), "not an object");
        Rejected(Write("{\"a\": 3}", []), "tensor 'a'", "must be an object");
    }

    [Fact]
    public void InvalidUtf8()
    {
        var file = _folder["utf8.safetensors"];
        File.WriteAllBytes(file, [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        Rejected(file, "not valid UTF-8");
    }

    [Fact]
    public void UnknownDtype()
    {
        var file = Write("{" + Entry("weights", "F8_E4M3", "[4]", 0, 4) + "}", new byte[4]);
        Rejected(file, "tensor 'weights'", "unknown or unsupported dtype 'F8_E4M3'");
    }

    [Fact]
    public void NegativeShape()
    {
        var file = Write("{" + Entry("neg", "U8", "[2, -1]", 0, 0) + "}", []);
        Rejected(file, "tensor 'neg'", "not a non-negative integer");
    }

    [Fact]
    public void NonIntegerShape()
    {
        Rejected(Write("{" + Entry("frac", "U8", "[1.5]", 0, 1) + "}", new byte[1]), "tensor 'frac'", "not a non-negative integer");
        Rejected(Write("{" + Entry("str", "U8", "[\"2\"]", 0, 2) + "}", new byte[2]), "tensor 'str'", "not a non-negative integer");
        Rejected(Write("{\"noshape\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", new byte[1]), "tensor 'noshape'", "'shape' is missing");
    }

    [Fact]
    public void DataOffsetsOutOfRange()
    {
        var file = Write("{" + Entry("far", "F32", "[25]", 0, 100) + "}", new byte[8]);
        Rejected(file, "tensor 'far'", "beyond the data buffer (8 bytes)");
        Rejected(Write("{" + Entry("backwards", "U8", "[2]", 4, 2) + "}", new byte[4]), "tensor 'backwards'", "end before they begin");
        Rejected(Write("{" + Entry("negative", "U8", "[2]", -2, 0) + "}", new byte[4]), "tensor 'negative'", "not a non-negative integer");
        Rejected(Write("{\"three\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", new byte[2]), "tensor 'three'", "two integers");
    }

    [Fact]
    public void OverlappingDataOffsets()
    {
        var file = Write("{" + Entry("first", "F32", "[2]", 0, 8) + "," + Entry("second", "F32", "[2]", 4, 12) + "}", new byte[12]);
        Rejected(file, "tensor 'second'", "overlaps tensor 'first'");
    }

    [Fact]
    public void DataOffsetsNotMatchingTheShape()
    {
        var file = Write("{" + Entry("mismatch", "F32", "[3]", 0, 8) + "}", new byte[8]);
        Rejected(file, "tensor 'mismatch'", "hold 8 bytes", "needs 12");
    }

    [Fact]
    public void BytesNotCovered()
    {
        Rejected(Write("{" + Entry("only", "F32", "[2]", 0, 8) + "}", new byte[12]), "bytes [8, 12)", "belong to no tensor", "'only'");
        Rejected(Write("{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12) + "}", new byte[12]),
            "bytes [4, 8)", "before tensor 'b'");
        Rejected(Write("{}", new byte[3]), "bytes [0, 3)", "belong to no tensor");
    }

    [Fact]
    public void DuplicateNamesAndBadMetadata()
    {
        Rejected(Write("{" + Entry("twice", "U8", "[1]", 0, 1) + "," + Entry("twice", "U8", "[1]", 1, 2) + "}", new byte[2]), "tensor 'twice' appears twice");
        Rejected(Write("{\"__metadata__\":{\"k\":1}}", []), "'__metadata__' entry 'k' must be a string");
        Rejected(Write("{\"__metadata__\":[\"k\"]}", []), "'__metadata__' must be an object");
    }

    [Fact]
    public void MissingFile()
    {
        Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(_folder["nothing-here.safetensors"]));
    }
}
