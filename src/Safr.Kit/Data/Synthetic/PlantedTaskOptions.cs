namespace Safr.Kit.Data.Synthetic;

/// <summary>
/// Sizes of the <see cref="PlantedTask"/>: how many classes, decisive cue words per class, co-occurring
/// word pairs per class, uninformative filler words, text lengths, split sizes, and the seed.
/// </summary>
public sealed record PlantedTaskOptions
{
    public int Classes { get; init; } = 2;

    /// <summary>Cue words per class: each text holds 1 or 2 cues of its class, and no other class's.</summary>
    public int CuesPerClass { get; init; } = 8;

    /// <summary>Word pairs per class that always appear together (both words, anywhere in the text).</summary>
    public int PairsPerClass { get; init; } = 4;

    /// <summary>Chance that a text also holds one of its class's pairs.</summary>
    public double PairProbability { get; init; } = 0.5;

    /// <summary>Words drawn uniformly for every other position: they carry no label information.</summary>
    public int FillerWords { get; init; } = 400;

    /// <summary>Filler words per text, drawn uniformly in [MinFiller, MaxFiller].</summary>
    public int MinFiller { get; init; } = 8;

    public int MaxFiller { get; init; } = 18;

    public int Train { get; init; } = 3000;

    public int Dev { get; init; } = 500;

    public int Test { get; init; } = 1000;

    public int Seed { get; init; }

    /// <summary>The longest text the generator can make (fillers, two cues and a pair).</summary>
    public int LongestText => MaxFiller + 4;

    public void Validate()
    {
        if (Classes < 2) throw new ArgumentException($"Classes must be at least 2, got {Classes}", nameof(Classes));
        if (CuesPerClass < 1) throw new ArgumentException($"CuesPerClass must be at least 1, got {CuesPerClass}", nameof(CuesPerClass));
        if (PairsPerClass < 0) throw new ArgumentException($"PairsPerClass must be non-negative, got {PairsPerClass}", nameof(PairsPerClass));
        if (PairProbability is < 0 or > 1 || double.IsNaN(PairProbability)) throw new ArgumentException($"PairProbability must be in [0, 1], got {PairProbability}", nameof(PairProbability));
        if (FillerWords < 1) throw new ArgumentException($"FillerWords must be at least 1, got {FillerWords}", nameof(FillerWords));
        if (MinFiller < 0 || MaxFiller < MinFiller) throw new ArgumentException($"need 0 <= MinFiller <= MaxFiller, got {MinFiller} and {MaxFiller}", nameof(MinFiller));
        if (Train < 1 || Dev < 1 || Test < 1) throw new ArgumentException($"Train, Dev and Test must each be at least 1, got {Train}, {Dev}, {Test}", nameof(Train));
    }
}
