using Safr.Kit.Data;
using Safr.Kit.Data.Synthetic;

namespace Safr.Kit.Tests.Training;

/// <summary>The synthetic task's ground truth holds in every text it generates.</summary>
public class PlantedTaskTests
{
    private static readonly PlantedTask Task = PlantedTask.Generate(new PlantedTaskOptions { Train = 400, Dev = 50, Test = 50, Seed = 5 });

    [Fact]
    public void OnlyTheTextsOwnClassCuesAppearAndEveryTextHasOne()
    {
        foreach (var e in Task.Dataset.Train)
        {
            var cues = WhitespaceTokenizer.Tokenize(e.Text).Where(t => t.StartsWith("cue", StringComparison.Ordinal)).ToArray();
            Assert.InRange(cues.Length, 1, 2);
            Assert.All(cues, c => Assert.StartsWith($"cue{e.Label}_", c));
            Assert.All(WhitespaceTokenizer.Tokenize(e.Text).Where(Task.IsPlanted), t => Assert.Contains($"{e.Label}_", t));
        }
    }

    [Fact]
    public void PairWordsAlwaysAppearTogether()
    {
        var seen = 0;
        foreach (var e in Task.Dataset.Train)
        {
            var tokens = WhitespaceTokenizer.Tokenize(e.Text).ToHashSet();
            foreach (var (a, b) in Task.Pairs)
            {
                Assert.Equal(tokens.Contains(a), tokens.Contains(b));
                if (tokens.Contains(a)) seen++;
            }
        }
        Assert.InRange(seen, 120, 280);  // PairProbability 0.5 of 400 texts
    }

    [Fact]
    public void ASeedGivesTheSameTaskAndClassesAreBalanced()
    {
        var again = PlantedTask.Generate(new PlantedTaskOptions { Train = 400, Dev = 50, Test = 50, Seed = 5 });
        var other = PlantedTask.Generate(new PlantedTaskOptions { Train = 400, Dev = 50, Test = 50, Seed = 6 });
        Assert.Equal(Task.Dataset.Train, again.Dataset.Train);
        Assert.NotEqual(Task.Dataset.Train, other.Dataset.Train);
        Assert.Equal([200, 200], Task.Dataset.ClassCounts(DataSplit.Train));
        Assert.True(Task.Dataset.Train.Max(e => WhitespaceTokenizer.Tokenize(e.Text).Length) <= Task.Options.LongestText);
    }

    [Fact]
    public void BadSizesNameTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => PlantedTask.Generate(new PlantedTaskOptions { MinFiller = 5, MaxFiller = 2 }));
        Assert.Contains("MinFiller", e.Message);
    }
}
