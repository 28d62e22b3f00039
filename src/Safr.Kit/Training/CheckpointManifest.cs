using System.Text.Json;
using System.Text.Json.Serialization;
using Safr.Kit.Data;
using Safr.Kit.Model;

namespace Safr.Kit.Training;

/// <summary>
/// The JSON beside a checkpoint's weights: everything needed to rebuild the model and to say what
/// produced it (config, vocabulary, seed, training options and progress, libtorch version, source commit).
/// </summary>
public sealed record CheckpointManifest
{
    public const string FormatName = "safr-checkpoint";
    public const int FormatVersion = 1;

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = FormatVersion;

    /// <summary>Completed epochs when it was written (for a final model: the epoch whose weights it holds).</summary>
    public required int Epoch { get; init; }

    public required SafrTransformerConfig Config { get; init; }

    /// <summary>The parameters' dtype ("float32" or "float64").</summary>
    public string Dtype { get; init; } = "float32";

    public required VocabularyTokens Vocabulary { get; init; }

    public required int Seed { get; init; }

    public required TrainingOptions Options { get; init; }

    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    public int BestEpoch { get; init; }

    public double BestDevAccuracy { get; init; }

    public int EpochsWithoutImprovement { get; init; }

    /// <summary>SHA-256 of the train and dev examples, so a resume on other data is refused.</summary>
    public string? DataFingerprint { get; init; }

    /// <summary>Test accuracy, when the final model has been evaluated.</summary>
    public double? TestAccuracy { get; init; }

    public string LibTorchVersion { get; init; } = BuildInfo.LibTorchVersion;

    public string? SourceCommit { get; init; } = BuildInfo.SourceCommit;

    public string KitVersion { get; init; } = BuildInfo.KitVersion;

    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// A vocabulary as a manifest stores it: id-ordered keys (<see cref="Vocabulary.Keys"/>: words, or subword ids),
/// the minimum frequency used to build it, and its tokenizer's name, so the model is reloaded with its own tokenizer.
/// </summary>
public sealed record VocabularyTokens(int MinFrequency, IReadOnlyList<string> Tokens)
{
    /// <summary>The tokenizer's name (<see cref="ITextTokenizer.Name"/>); null in manifests written before it was recorded, which are whitespace.</summary>
    public string? Tokenizer { get; init; }

    public static VocabularyTokens From(Vocabulary vocabulary) =>
        new(vocabulary.MinFrequency, vocabulary.Keys) { Tokenizer = vocabulary.Tokenizer.Name };

    /// <param name="tokenizer">The tokenizer, when it is not built in (<see cref="TextTokenizers"/>); it must carry the recorded name.</param>
    public Vocabulary ToVocabulary(ITextTokenizer? tokenizer = null) =>
        Data.Vocabulary.FromTokenList(Tokens, MinFrequency, TextTokenizers.Resolve(Tokenizer, tokenizer));
}
