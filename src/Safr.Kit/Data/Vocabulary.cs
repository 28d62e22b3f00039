using System.Text.Json;
using System.Text.Json.Serialization;

using Safr.Kit.Serialization;

namespace Safr.Kit.Data;

/// <summary>
/// The token-to-id map, built as the SAFR release builds it: whitespace-split tokens of the TRAIN split
/// only (<see cref="WhitespaceTokenizer"/>), kept when they occur at least <see cref="MinFrequency"/>
/// times (2), with <c>&lt;pad&gt;</c> = 0 and <c>&lt;unk&gt;</c> = 1 first and then the kept tokens in
/// order of first appearance. That order is what iterating a Python <c>Counter</c>/<c>dict</c> gives
/// (insertion order, Python 3.7+); the release's ids follow it assuming it iterates its counter
/// without sorting. Only the ids' order depends on that assumption, not which tokens are kept.
/// Saved as JSON beside a model checkpoint (<see cref="Save"/>, <see cref="Load"/>).
/// </summary>
public sealed class Vocabulary
{
    public const int PadId = 0;
    public const int UnkId = 1;
    public const string PadToken = "<PAD>";  // spelled as in the release's vocabulary
    public const string UnkToken = "<UNK>";

    /// <summary>The release's threshold: a token seen once in train is unknown.</summary>
    public const int DefaultMinFrequency = 2;

    private const string FormatName = "safr-vocabulary";
    private const int FormatVersion = 1;

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(string[] tokens, int minFrequency)
    {
        if (tokens.Length < 2 || tokens[PadId] != PadToken || tokens[UnkId] != UnkToken)
            throw new ArgumentException($"a vocabulary starts with {PadToken} (id {PadId}) and {UnkToken} (id {UnkId})");
        _tokens = tokens;
        MinFrequency = minFrequency;
        _ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!_ids.TryAdd(tokens[i], i)) throw new ArgumentException($"token '{tokens[i]}' appears twice (ids {_ids[tokens[i]]} and {i})");
        }
    }

    /// <summary>Builds the vocabulary from training texts (pass the train split only: dev and test words must stay unknown).</summary>
    public static Vocabulary Build(IEnumerable<string> trainTexts, int minFrequency = DefaultMinFrequency)
    {
        ArgumentNullException.ThrowIfNull(trainTexts);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstAppearance = new List<string>();
        foreach (var text in trainTexts)
        {
            foreach (var token in WhitespaceTokenizer.Tokenize(text))
            {
                if (counts.TryGetValue(token, out var n)) counts[token] = n + 1;
                else
                {
                    counts[token] = 1;
                    firstAppearance.Add(token);
                }
            }
        }
        var tokens = new List<string>(firstAppearance.Count + 2) { PadToken, UnkToken };
        // A text containing "<PAD>" or "<UNK>" literally must not get a second id for them.
        tokens.AddRange(firstAppearance.Where(t => counts[t] >= minFrequency && t is not PadToken and not UnkToken));
        return new Vocabulary([.. tokens], minFrequency);
    }

    /// <summary>Builds the vocabulary from <paramref name="train"/> examples (the train split).</summary>
    public static Vocabulary Build(IEnumerable<TextExample> train, int minFrequency = DefaultMinFrequency) =>
        Build(train.Select(e => e.Text), minFrequency);

    /// <summary>Builds the vocabulary from the dataset's train split, as the release does.</summary>
    public static Vocabulary Build(TextDataset dataset, int minFrequency = DefaultMinFrequency) =>
        Build(dataset.Train, minFrequency);

    /// <summary>A vocabulary with exactly these tokens after <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c>, in this order.</summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens, int minFrequency = DefaultMinFrequency) =>
        new([PadToken, UnkToken, .. tokens], minFrequency);

    /// <summary>Number of ids, <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c> included (the embedding's row count).</summary>
    public int Count => _tokens.Length;

    /// <summary>The threshold the vocabulary was built with (informative after <see cref="Load"/>).</summary>
    public int MinFrequency { get; }

    /// <summary>All tokens, indexed by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/> when it is not in the vocabulary.</summary>
    public int this[string token] => _ids.TryGetValue(token, out var id) ? id : UnkId;

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string this[int id] => _tokens[id];

    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>Token ids of <paramref name="text"/>, cut to the first <paramref name="maxLength"/> tokens when given (no padding).</summary>
    public int[] Encode(string text, int? maxLength = null)
    {
        var tokens = WhitespaceTokenizer.Tokenize(text);
        var n = maxLength is { } max ? Math.Min(max, tokens.Length) : tokens.Length;
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must not be negative");
        var ids = new int[n];
        for (var i = 0; i < n; i++) ids[i] = this[tokens[i]];
        return ids;
    }

    /// <summary>The tokens of <paramref name="ids"/> joined by spaces; padding is left out unless <paramref name="keepPadding"/>.</summary>
    public string Decode(IEnumerable<int> ids, bool keepPadding = false) =>
        string.Join(' ', ids.Where(id => keepPadding || id != PadId).Select(id => _tokens[id]));

    /// <summary>As <see cref="Decode(IEnumerable{int}, bool)"/>, for the int64 ids a batch tensor holds.</summary>
    public string Decode(IEnumerable<long> ids, bool keepPadding = false) => Decode(ids.Select(id => checked((int)id)), keepPadding);

    /// <summary>
    /// Rebuilds a vocabulary from its id-ordered token list (as a checkpoint manifest stores it); the list
    /// must start with <see cref="PadToken"/> and <see cref="UnkToken"/> and hold no duplicates.
    /// </summary>
    public static Vocabulary FromTokenList(IEnumerable<string> tokens, int minFrequency = DefaultMinFrequency)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new Vocabulary(tokens.ToArray(), minFrequency);
    }

    /// <summary>Writes the vocabulary as JSON, atomically (a temporary file moved over <paramref name="path"/>).</summary>
    public void Save(string path)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new VocabularyFile(FormatName, FormatVersion, MinFrequency, _tokens), JsonOptions);
        AtomicFile.WriteAllBytes(path, json);
    }

    /// <summary>Reads a vocabulary written by <see cref="Save"/>.</summary>
    public static Vocabulary Load(string path)
    {
        VocabularyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<VocabularyFile>(File.ReadAllBytes(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a vocabulary file: {e.Message}", e);
        }
        if (file is null || file.Format != FormatName || file.Tokens is null)
            throw new DataFormatException(path, 1, $"not a vocabulary file (expected \"format\": \"{FormatName}\" and a \"tokens\" list)");
        if (file.Version != FormatVersion)
            throw new DataFormatException(path, 1, $"vocabulary format version {file.Version} is not supported (this kit reads version {FormatVersion})");
        try
        {
            return new Vocabulary(file.Tokens, file.MinFrequency);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, 1, e.Message, e);
        }
    }

    public override string ToString() => $"Vocabulary: {Count:N0} ids ({PadToken} {PadId}, {UnkToken} {UnkId}, min frequency {MinFrequency})";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record VocabularyFile(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("minFrequency")] int MinFrequency,
        [property: JsonPropertyName("tokens")] string[] Tokens);
}
