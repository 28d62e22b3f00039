using System.CommandLine;
using Safr.Kit.Data;

namespace Safr.Cli;

/// <summary><c>--sst2-source sentences|trees|treebank|glue</c>: which SST-2 "sst2" loads (<see cref="Sst2Source"/>), and loading a dataset with it.</summary>
internal static class Sst2SourceOption
{
    public static Option<string?> Create(string defaultText)
    {
        var option = new Option<string?>("--sst2-source")
        {
            Description = "SST-2 only: sentences (sst2/{train,dev,test}.tsv, the Kim 2014 split; where they are absent, the same split is built from Stanford's trees), " +
                "trees (that split built from Stanford's trainDevTestTrees_PTB.zip; downloaded), " +
                $"treebank (the raw Stanford treebank the release builds SST-2 from; downloaded) or glue (GLUE's SST-2.zip; downloaded). Default: {defaultText}.",
        };
        option.AcceptOnlyFromAmong([.. Sst2Sources.Names]);
        return option;
    }

    public static Sst2Source? Parse(string? name) => name is null ? null : Sst2Sources.Parse(name);

    /// <summary>The dataset <paramref name="name"/> (SST-2 from <paramref name="source"/>), with download progress and notes on standard error.</summary>
    public static TextDataset Load(string name, Sst2Source? source) =>
        Datasets.Load(name, new DatasetOptions { Log = Console.Error, Sst2Source = source ?? Sst2Source.SentenceFiles });
}
