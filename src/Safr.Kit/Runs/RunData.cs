using Safr.Kit.Data;

namespace Safr.Kit.Runs;

/// <summary>Loads the data a <see cref="RunSpec"/> names, and says which SST-2 source it will come from.</summary>
public static class RunData
{
    /// <summary>
    /// The dataset of <paramref name="spec"/> (the default SST-2 loads the sentence files, or Stanford's trees where none
    /// is found; <see cref="Experiment"/> records which through <see cref="Resolve"/>).
    /// </summary>
    public static TextDataset Load(RunSpec spec, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        options ??= new DatasetOptions();
        if (spec.DataFile is not null) return LoadFile(spec);
        if (spec.Dataset != Datasets.Sst2) return Datasets.Load(spec.Dataset, options);
        // The default loads as "sentences", whose fallback to the trees logs why and, offline, names both ways to get SST-2.
        return Datasets.Load(spec.Dataset, options with { Sst2Source = spec.Sst2SourceAsked ?? Sst2Source.SentenceFiles });
    }

    /// <summary>
    /// <paramref name="spec"/> with the SST-2 source its data will come from: "trees" where the sentence files are asked for
    /// (or by default) and none is found locally (<see cref="Datasets.ResolveSst2Source"/>); the sentence files as null,
    /// the default. Other specs are returned as they are. Looks at local files only: nothing is downloaded.
    /// </summary>
    public static RunSpec Resolve(RunSpec spec, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.DataFile is not null || spec.Dataset != Datasets.Sst2) return spec;
        var used = Datasets.ResolveSst2Source((options ?? new DatasetOptions()) with { Sst2Source = spec.Sst2SourceAsked ?? Sst2Source.SentenceFiles });
        return spec with { Sst2Source = used == Sst2Source.SentenceFiles ? null : Sst2Sources.NameOf(used) };
    }

    /// <summary>Your own file (<see cref="TextDatasets.FromFile"/>): dev and test from their own files, or split off it with seed 0.</summary>
    private static TextDataset LoadFile(RunSpec spec) =>
        TextDatasets.FromFile(spec.DataFile!, spec.TextColumn, spec.LabelColumn, spec.DevFile, spec.TestFile);
}
