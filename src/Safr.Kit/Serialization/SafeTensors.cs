using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Serialization;

/// <summary>One tensor's entry in a safetensors header: where its bytes lie in the data buffer.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Dtype">The element type.</param>
/// <param name="Shape">The sizes.</param>
/// <param name="Begin">Start of its bytes, relative to the data buffer.</param>
/// <param name="End">End (exclusive) of its bytes, relative to the data buffer.</param>
public sealed record SafeTensorsEntry(string Name, ScalarType Dtype, long[] Shape, long Begin, long End);

/// <summary>A parsed and validated safetensors header.</summary>
/// <param name="Tensors">The entries in file order (by data offset).</param>
/// <param name="Metadata">The "__metadata__" strings (empty when the file has none).</param>
/// <param name="DataStart">Where the data buffer starts in the file (8 + header length).</param>
public sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart);

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length N, N
/// bytes of UTF-8 JSON naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// Every malformed input is rejected with a <see cref="SafeTensorsFormatException"/> naming the file (and the
/// tensor, where one is at fault).
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (as the reference implementation: 100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly (string Name, ScalarType Dtype, int Size)[] s_dtypes =
    [
        ("F64", ScalarType.Float64, 8), ("F32", ScalarType.Float32, 4), ("F16", ScalarType.Float16, 2), ("BF16", ScalarType.BFloat16, 2),
        ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4), ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1), ("BOOL", ScalarType.Bool, 1),
    ];

    /// <summary>Bytes per element of a dtype safetensors stores.</summary>
    private static int ElementSize(ScalarType dtype)
    {
        foreach (var (_, t, size) in s_dtypes)
            if (t == dtype) return size;
        throw new NotSupportedException($"safetensors has no dtype for {dtype}");
    }

    /// <summary>The safetensors name of a dtype ("F32", "BF16", ...).</summary>
    public static string DtypeName(ScalarType dtype)
    {
        foreach (var (name, t, _) in s_dtypes)
            if (t == dtype) return name;
        throw new NotSupportedException($"safetensors has no dtype for {dtype}");
    }

    /// <summary>The dtype a safetensors dtype name stands for.</summary>
    public static bool TryParseDtype(string name, out ScalarType dtype)
    {
        foreach (var (n, t, _) in s_dtypes)
            if (n == name)
            {
                dtype = t;
                return true;
            }
        dtype = default;
        return false;
    }

    // ---- reading ---------------------------------------------------------------------------------

    /// <summary>
    /// Loads every tensor of a safetensors file, in file order (the order of their data offsets). The
    /// tensors are new CPU tensors (or on <paramref name="device"/>) that join the current dispose scope.
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path);
        var result = new Dictionary<string, Tensor>(header.Tensors.Count, StringComparer.Ordinal);
        try
        {
            byte[] buffer = [];
            foreach (var e in header.Tensors)
            {
                var length = e.End - e.Begin;
                if (length > Array.MaxLength)
                    throw new NotSupportedException($"{path}: tensor '{e.Name}' has {length} bytes, more than one managed array can hold");
                if (buffer.Length < length) buffer = new byte[length];
                stream.Position = header.DataStart + e.Begin;
                stream.ReadExactly(buffer, 0, (int)length);
                var t = empty(e.Shape, e.Dtype);
                buffer.AsSpan(0, (int)length).CopyTo(t.bytes);
                if (device is not null && device.type != DeviceType.CPU)
                {
                    var moved = t.to(device);
                    t.Dispose();
                    t = moved;
                }
                result.Add(e.Name, t);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>The "__metadata__" strings of a safetensors file (empty when it has none); the header is validated.</summary>
    public static Dictionary<string, string> LoadMetadata(string path) => new(ReadHeader(path).Metadata, StringComparer.Ordinal);

    /// <summary>Reads and validates the header of a safetensors file, without reading the tensors' data.</summary>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = OpenRead(path);
        return ReadHeader(stream, path);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.RandomAccess);

    private static SafeTensorsHeader ReadHeader(FileStream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw Bad(path, $"the file has {fileLength} bytes, fewer than the 8 of the header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
            throw Bad(path, $"the header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes");
        if ((long)headerLength > fileLength - 8)
            throw Bad(path, $"the header length {headerLength} runs beyond the end of the file ({fileLength} bytes, so at most {fileLength - 8})");

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + (long)headerLength;
        var bufferLength = fileLength - dataStart;

        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw Bad(path, "the header is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Bad(path, $"the header is not valid JSON: {e.Message}", e);
        }

        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad(path, $"the header is a JSON {root.ValueKind}, not an object");
            var names = new HashSet<string>(StringComparer.Ordinal);
            var sawMetadata = false;
            foreach (var property in root.EnumerateObject())
            {
                var name = property.Name;
                if (name == MetadataKey)
                {
                    if (sawMetadata) throw Bad(path, $"'{MetadataKey}' appears twice");
                    sawMetadata = true;
                    ReadMetadata(property.Value, metadata, path);
                    continue;
                }
                if (!names.Add(name)) throw Bad(path, $"tensor '{name}' appears twice in the header");
                entries.Add(ReadEntry(name, property.Value, bufferLength, path));
            }
        }

        // File order: by data offsets (empty tensors may share an offset; the header order breaks ties).
        var ordered = entries.Select((e, i) => (e, i)).OrderBy(x => x.e.Begin).ThenBy(x => x.e.End).ThenBy(x => x.i).Select(x => x.e).ToList();
        long covered = 0;
        SafeTensorsEntry? previous = null;
        foreach (var e in ordered)
        {
            if (e.Begin < covered)
                throw Bad(path, $"tensor '{e.Name}' (bytes [{e.Begin}, {e.End})) overlaps tensor '{previous!.Name}' (bytes [{previous.Begin}, {previous.End}))");
            if (e.Begin > covered)
                throw Bad(path, $"bytes [{covered}, {e.Begin}) of the data buffer belong to no tensor (the gap lies before tensor '{e.Name}')");
            covered = e.End;
            previous = e;
        }
        if (covered != bufferLength)
            throw Bad(path, $"bytes [{covered}, {bufferLength}) at the end of the data buffer belong to no tensor"
                + (previous is null ? "" : $" (the last tensor, '{previous.Name}', ends at {covered})"));

        return new SafeTensorsHeader(ordered, metadata, dataStart);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"'{MetadataKey}' must be an object of strings, got a JSON {value.ValueKind}");
        foreach (var p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Bad(path, $"'{MetadataKey}' entry '{p.Name}' must be a string, got a JSON {p.Value.ValueKind}");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!))
                throw Bad(path, $"'{MetadataKey}' entry '{p.Name}' appears twice");
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, long bufferLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, name, $"the entry must be an object with dtype, shape and data_offsets, got a JSON {value.ValueKind}");

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad(path, name, "'dtype' is missing or not a string");
        var dtypeName = dtypeElement.GetString()!;
        if (!TryParseDtype(dtypeName, out var dtype))
            throw Bad(path, name, $"unknown or unsupported dtype '{dtypeName}' (supported: {string.Join(", ", s_dtypes.Select(d => d.Name))})");

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Bad(path, name, "'shape' is missing or not an array");
        var shape = new long[shapeElement.GetArrayLength()];
        var k = 0;
        foreach (var s in shapeElement.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var size) || size < 0)
                throw Bad(path, name, $"shape {shapeElement.GetRawText()} has an entry ({s.GetRawText()}) that is not a non-negative integer");
            shape[k++] = size;
        }

        if (!value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
            throw Bad(path, name, "'data_offsets' is missing or not an array of two integers");
        var offsets = new long[2];
        k = 0;
        foreach (var o in offsetsElement.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Number || !o.TryGetInt64(out var offset) || offset < 0)
                throw Bad(path, name, $"data_offsets {offsetsElement.GetRawText()} has an entry ({o.GetRawText()}) that is not a non-negative integer");
            offsets[k++] = offset;
        }
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] end before they begin");
        if (end > bufferLength)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] run beyond the data buffer ({bufferLength} bytes)");

        long expected;
        try
        {
            expected = ElementSize(dtype);
            foreach (var s in shape) expected = checked(expected * s);
        }
        catch (OverflowException)
        {
            throw Bad(path, name, $"shape [{string.Join(", ", shape)}] is too large");
        }
        if (end - begin != expected)
            throw Bad(path, name, $"data_offsets [{begin}, {end}] hold {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtypeName} needs {expected}");

        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static SafeTensorsFormatException Bad(string path, string message, Exception? inner = null) =>
        new($"{path}: not a valid safetensors file: {message}", inner);

    private static SafeTensorsFormatException Bad(string path, string tensor, string message) =>
        new($"{path}: not a valid safetensors file: tensor '{tensor}': {message}");

    // ---- writing ---------------------------------------------------------------------------------

    /// <summary>
    /// Writes <paramref name="tensors"/> (in the dictionary's order) and optional metadata to a safetensors
    /// file, atomically: the data goes to a temporary file in the same folder, flushed to disk, which then
    /// replaces <paramref name="path"/>. If anything fails, the previous file (if any) is left as it was.
    /// Tensors on other devices are copied to the host; non-contiguous ones are written in row-major order.
    /// </summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(path);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");

        // Check everything before touching the disk.
        var entries = new List<(string Name, Tensor Tensor, string Dtype, long[] Shape, long Begin, long End)>(tensors.Count);
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{path}: tensor names must not be empty", nameof(tensors));
            if (name == MetadataKey) throw new ArgumentException($"{path}: '{MetadataKey}' is reserved and cannot name a tensor", nameof(tensors));
            if (t is null) throw new ArgumentException($"{path}: tensor '{name}' is null", nameof(tensors));
            if (t.IsInvalid) throw new ObjectDisposedException(nameof(Tensor), $"{path}: tensor '{name}' has been disposed and cannot be saved");
            var dtype = t.dtype;
            string dtypeName;
            try
            {
                dtypeName = DtypeName(dtype);
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"{path}: tensor '{name}': {e.Message}", e);
            }
            var length = t.numel() * t.element_size();
            entries.Add((name, t, dtypeName, t.shape, offset, offset + length));
            offset += length;
        }

        var header = BuildHeader(entries.Select(e => (e.Name, e.Dtype, e.Shape, e.Begin, e.End)), metadata);

        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var e in entries)
            {
                using var host = e.Tensor.detach().cpu().contiguous();
                var bytes = host.bytes;
                if (bytes.Length != e.End - e.Begin)
                    throw new InvalidOperationException($"{path}: tensor '{e.Name}' changed size while being saved");
                stream.Write(bytes);
            }
        });
    }

    private static byte[] BuildHeader(IEnumerable<(string Name, string Dtype, long[] Shape, long Begin, long End)> entries,
        IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    ArgumentNullException.ThrowIfNull(value, $"metadata[{key}]");
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            foreach (var (name, dtype, shape, begin, end) in entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype);
                writer.WriteStartArray("shape");
                foreach (var s in shape) writer.WriteNumberValue(s);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(begin);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        // Pad with spaces so the data buffer starts on an 8-byte boundary (as the reference writer does).
        var padded = (json.Length + 7) / 8 * 8;
        while (json.Length < padded) json.WriteByte((byte)' ');
        return json.ToArray();
    }

}
