using System.Security.Cryptography;

namespace Safr.Kit.Tests.Parity;

/// <summary>
/// The committed official fixtures are the reference every parity test compares against, so they must be exactly the
/// files the released code wrote: each is checked against fixtures/official/SHA256SUMS, which must list all of them.
/// </summary>
public class FixtureChecksumTests
{
    private static readonly string[] Cases = ["regularizers", "model", "adam"];

    private static Dictionary<string, string> Listed() =>
        File.ReadAllLines(Checkout.Fixture("SHA256SUMS"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0]);

    [Fact]
    public void EveryFixtureFileIsListedWithItsSha256()
    {
        var listed = Listed();
        var expected = Cases.SelectMany(c => new[] { $"{c}.json", $"{c}.safetensors" }).Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed.Keys.Order(StringComparer.Ordinal));
        var onDisk = Directory.GetFiles(Checkout.OfficialFixtures).Select(Path.GetFileName).Where(n => n is not ("README.md" or "SHA256SUMS"));
        Assert.Equal(expected, onDisk.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryFixtureFileHasItsListedSha256()
    {
        foreach (var (file, sha256) in Listed())
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Checkout.Fixture(file))));
            Assert.True(actual == sha256, $"fixtures/official/{file}: sha256 {actual}, SHA256SUMS lists {sha256}");
        }
    }

    [Fact]
    public void TheReadmeGivesTheSameChecksums()
    {
        var readme = File.ReadAllText(Checkout.Fixture("README.md"));
        foreach (var (file, sha256) in Listed()) Assert.Contains($"| `{file}` | {sha256} |", readme);
    }
}
