using System.Globalization;
using Microsoft.Data.Analysis;

namespace Safr.Kit.Data;

/// <summary>
/// A <see cref="TextDataset"/> from the user's own data in one call: a CSV, TSV or JSON Lines file, or a DataFrame,
/// with a text column and a label column. Dev and test are their own files (frames), or, where not given, a seeded
/// class-stratified share of train (<see cref="OwnDataOptions.DevFraction"/>, <see cref="OwnDataOptions.TestFraction"/>:
/// 10% each, seed 0, by <see cref="StratifiedSplit"/>). Labels are class names or integers 0..C-1; the class order is
/// <see cref="OwnDataOptions.ClassNames"/> when given, else the integers' or the names' sorted order (see ClassLabels.cs).
/// Bad input is a <see cref="DataFormatException"/> naming the file and line (the frame and row) and what is wrong.
/// <code>
/// var data = TextDatasets.FromFile("reviews.csv", textColumn: "review", labelColumn: "sentiment");
/// var given = TextDatasets.FromFile("train.jsonl", devFile: "dev.jsonl", testFile: "test.jsonl");
/// </code>
/// </summary>
public static class TextDatasets
{
    /// <summary>
    /// Reads <paramref name="path"/> (train, or all of the data where dev and test are held out of it) and, when given,
    /// <paramref name="devFile"/> and <paramref name="testFile"/>, each in the format its extension says (.csv, .tsv,
    /// .jsonl) unless <see cref="OwnDataOptions.Format"/> names one. A CSV or TSV needs a header row naming the columns.
    /// </summary>
    public static TextDataset FromFile(string path, string textColumn = "text", string labelColumn = "label",
        string? devFile = null, string? testFile = null, OwnDataOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new OwnDataOptions();
        CheckColumns(textColumn, labelColumn);
        string?[] files = [path, devFile, testFile];
        var parts = files.Select(file => file is null ? null
            : LabelledTextFile.Read(Existing(file), options.Format ?? LabelledTextFile.FormatOf(file), textColumn, labelColumn, options.Encoding)).ToArray();
        var name = options.Name ?? Path.GetFileNameWithoutExtension(path);
        return Build(name, "Your own data", files, parts, Origin.Whole(path, isFrame: false), options,
            [.. files.OfType<string>().Select(Path.GetFullPath)]);
    }

    /// <summary>
    /// Reads the rows of <paramref name="train"/> (and, when given, of <paramref name="dev"/> and <paramref name="test"/>):
    /// the text column must hold strings, the label column strings or whole numbers. Errors name the 0-based row.
    /// </summary>
    public static TextDataset FromDataFrame(DataFrame train, string textColumn = "text", string labelColumn = "label",
        DataFrame? dev = null, DataFrame? test = null, OwnDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new OwnDataOptions();
        CheckColumns(textColumn, labelColumn);
        string?[] names = ["the train DataFrame", dev is null ? null : "the dev DataFrame", test is null ? null : "the test DataFrame"];
        DataFrame?[] frames = [train, dev, test];
        var parts = frames.Select((frame, i) => frame is null ? null : LabelledFrame.Read(frame, names[i]!, textColumn, labelColumn)).ToArray();
        return Build(options.Name ?? "dataframe", "Your own data from DataFrames", names, parts, Origin.Whole(names[0]!, isFrame: true), options, []);
    }

    /// <summary>Labels all parts by one rule, holds out the dev and test that were not given, and says how in the description.</summary>
    private static TextDataset Build(string name, string what, string?[] sources, List<RawExample>?[] parts, Origin whole, OwnDataOptions options, IReadOnlyList<string> files)
    {
        var (classNames, labelRule, labelled) = ClassLabels.Assign([.. parts.OfType<List<RawExample>>()], options.ClassNames, whole);
        var next = 0;
        var splits = parts.Select(p => p is null ? null : labelled[next++]).ToArray();
        var (train, dev, test) = (splits[0]!, splits[1], splits[2]);

        var devFraction = dev is null ? CheckFraction(options.DevFraction, nameof(options.DevFraction)) : 0;
        var testFraction = test is null ? CheckFraction(options.TestFraction, nameof(options.TestFraction)) : 0;
        if (devFraction + testFraction >= 1)
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"OwnDataOptions.DevFraction ({devFraction}) and TestFraction ({testFraction}) leave nothing of train: they must sum to less than 1"));
        var count = train.Count;
        if (dev is null || test is null)
        {
            var (kept, heldDev, heldTest) = StratifiedSplit.Split(train, 1 - devFraction - testFraction, devFraction, options.SplitSeed);
            (train, dev, test) = (kept, dev ?? heldDev, test ?? heldTest);
        }
        foreach (var (split, examples, fraction, remedy) in new[]
                 {
                     ("train", train, 1 - devFraction - testFraction, "smaller DevFraction and TestFraction"),
                     ("dev", dev, devFraction, $"a larger DevFraction or a dev {(whole.IsFrame ? "DataFrame" : "file")}"),
                     ("test", test, testFraction, $"a larger TestFraction or a test {(whole.IsFrame ? "DataFrame" : "file")}"),
                 })
        {
            if (examples.Count == 0)
                throw whole.Error(string.Create(CultureInfo.InvariantCulture,
                    $"the {split} split ends up empty: {fraction * 100:0.##}% of each class of {count} examples rounds to none; give more examples, {remedy}"));
        }

        string Made(string split, string? source, double fraction) => source is not null
            ? $"{split} from {source}"
            : string.Create(CultureInfo.InvariantCulture, $"{split} = a seeded class-stratified {fraction * 100:0.##}% of {sources[0]} (seed {options.SplitSeed})");
        var held = string.Join(" and ", new[] { sources[1] is null ? "dev" : null, sources[2] is null ? "test" : null }.OfType<string>());
        var description = $"{what}, not one of the kit's datasets: {Made("train", sources[0], 0)}" +
            (held.Length > 0 ? $" less the {held} held out of it" : "") +
            $"; {Made("dev", sources[1], devFraction)}; {Made("test", sources[2], testFraction)}; {labelRule}.";
        return new TextDataset(name, description, classNames, train, dev, test, files);
    }

    private static double CheckFraction(double fraction, string option) => fraction is > 0 and < 1 ? fraction
        : throw new InputException(string.Create(CultureInfo.InvariantCulture, $"OwnDataOptions.{option} is {fraction}: the share of train held out must be in (0, 1)"));

    private static void CheckColumns(string textColumn, string labelColumn)
    {
        ArgumentException.ThrowIfNullOrEmpty(textColumn);
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        if (textColumn == labelColumn) throw new InputException($"the text column and the label column are both \"{textColumn}\"");
    }

    private static string Existing(string path) => File.Exists(path) ? path
        : throw new InputException(Directory.Exists(path) ? $"{path} is a folder, not a data file" : $"{path}: no such file");
}
