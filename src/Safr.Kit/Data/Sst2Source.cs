namespace Safr.Kit.Data;

/// <summary>Which SST-2 "sst2" loads: they differ in their train split (see each).</summary>
public enum Sst2Source
{
    /// <summary>
    /// sst2/{train,dev,test}.tsv: the sentence-level binary split of Kim (2014) as distributed
    /// (6,920 / 872 / 1,821, lowercased and tokenized), in any format <see cref="Sst2Reader"/> reads.
    /// These files have no official download: where none of them is found, the same split is built from
    /// Stanford's trees instead (<see cref="Trees"/>, downloaded), and the log says so.
    /// </summary>
    SentenceFiles,

    /// <summary>
    /// sst2/stanfordSentimentTreebank.zip, rebuilt as <see cref="DatasetOptions.Sst2Treebank"/> says
    /// (by default the SAFR release's construction: original case, balanced train).
    /// </summary>
    RawTreebank,

    /// <summary>sst2/SST-2.zip from GLUE: phrase-level train (67,349), dev 872, test 1,821 without labels (Label = -1).</summary>
    Glue,

    /// <summary>
    /// sst2/trainDevTestTrees_PTB.zip (downloaded from Stanford): the same split as <see cref="SentenceFiles"/>, built from
    /// the labelled trees (<see cref="Sst2Trees"/>) and verified against its digests in data/datasets.json; in the
    /// trees' order.
    /// </summary>
    Trees,
}

/// <summary>The names the CLI, sweep specs and run specs give the SST-2 sources: sentences, trees, treebank, glue.</summary>
public static class Sst2Sources
{
    private static readonly (string Name, Sst2Source Source)[] Table =
        [("sentences", Sst2Source.SentenceFiles), ("trees", Sst2Source.Trees), ("treebank", Sst2Source.RawTreebank), ("glue", Sst2Source.Glue)];

    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The source a name gives; an <see cref="InputException"/> for an unknown one.</summary>
    public static Sst2Source Parse(string name) =>
        Table.FirstOrDefault(t => t.Name == name) is { Name: not null } hit ? hit.Source
            : throw new InputException($"unknown SST-2 source \"{name}\": expected one of {string.Join(", ", Names)}");

    public static string NameOf(Sst2Source source) => Table.Single(t => t.Source == source).Name;
}
