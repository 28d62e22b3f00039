namespace Safr.Kit.Data.Synthetic;

/// <summary>
/// A text-classification task with planted ground truth, for checking what an importance or allocation
/// method finds: each text is uniformly random filler words plus 1 or 2 "cue" words of its class (the only
/// words that decide the label) and, sometimes, one of its class's word pairs, whose two words always occur
/// together. The decisive tokens (<see cref="IsPlanted"/>) and the co-occurring pairs are known, so VMASK's
/// ranking can be scored by precision@k and mined attention pairs against <see cref="Pairs"/>.
/// Words read as what they are: "w123" fillers, "cue1_4" (class 1's cue 4), "pair0_2a" / "pair0_2b".
/// </summary>
public sealed class PlantedTask
{
    private readonly HashSet<string> _planted;

    private PlantedTask(TextDataset dataset, HashSet<string> planted, IReadOnlyList<(string A, string B)> pairs, PlantedTaskOptions options)
    {
        Dataset = dataset;
        _planted = planted;
        Pairs = pairs;
        Options = options;
    }

    /// <summary>Train, dev and test splits, named "planted".</summary>
    public TextDataset Dataset { get; }

    /// <summary>The co-occurring word pairs (each pair's two words appear together or not at all).</summary>
    public IReadOnlyList<(string A, string B)> Pairs { get; }

    public PlantedTaskOptions Options { get; }

    /// <summary>Every label-deciding word: the cues and the pair words.</summary>
    public IReadOnlyCollection<string> PlantedTokens => _planted;

    /// <summary>Whether <paramref name="token"/> is a planted, label-deciding word.</summary>
    public bool IsPlanted(string token) => _planted.Contains(token);

    public static PlantedTask Generate(PlantedTaskOptions? options = null)
    {
        options ??= new PlantedTaskOptions();
        options.Validate();
        var random = new Random(options.Seed);
        var fillers = Enumerable.Range(0, options.FillerWords).Select(i => $"w{i}").ToArray();
        var cues = Enumerable.Range(0, options.Classes)
            .Select(c => Enumerable.Range(0, options.CuesPerClass).Select(j => $"cue{c}_{j}").ToArray()).ToArray();
        var pairs = Enumerable.Range(0, options.Classes)
            .Select(c => Enumerable.Range(0, options.PairsPerClass).Select(j => ($"pair{c}_{j}a", $"pair{c}_{j}b")).ToArray()).ToArray();

        IReadOnlyList<TextExample> Split(int count)
        {
            var examples = new TextExample[count];
            for (var n = 0; n < count; n++)
            {
                var label = n % options.Classes;  // balanced classes; order shuffled below
                var words = new List<string>();
                var fillerCount = random.Next(options.MinFiller, options.MaxFiller + 1);
                for (var k = 0; k < fillerCount; k++) words.Add(fillers[random.Next(fillers.Length)]);
                var cueCount = random.Next(1, 3);
                for (var k = 0; k < cueCount; k++) words.Insert(random.Next(words.Count + 1), cues[label][random.Next(cues[label].Length)]);
                if (options.PairsPerClass > 0 && random.NextDouble() < options.PairProbability)
                {
                    var (a, b) = pairs[label][random.Next(pairs[label].Length)];
                    words.Insert(random.Next(words.Count + 1), a);
                    words.Insert(random.Next(words.Count + 1), b);
                }
                examples[n] = new TextExample(string.Join(' ', words), label);
            }
            random.Shuffle(examples);
            return examples;
        }

        var train = Split(options.Train);
        var dev = Split(options.Dev);
        var test = Split(options.Test);
        var planted = new HashSet<string>(cues.SelectMany(c => c).Concat(pairs.SelectMany(p => p.SelectMany(x => new[] { x.Item1, x.Item2 }))), StringComparer.Ordinal);
        var dataset = new TextDataset("planted",
            $"synthetic planted task (seed {options.Seed}): {options.Classes} classes decided only by {options.CuesPerClass} cue words and {options.PairsPerClass} co-occurring word pairs per class, among {options.FillerWords} uniform filler words",
            Enumerable.Range(0, options.Classes).Select(c => $"class{c}").ToArray(), train, dev, test);
        return new PlantedTask(dataset, planted, pairs.SelectMany(p => p).ToArray(), options);
    }
}
