using System.Reflection;
using System.Text.RegularExpressions;
using Safr.Kit.Model;
using Safr.Kit.Parity;
using Safr.Kit.Regularization;

namespace Safr.Kit.Tests.Parity;

/// <summary>docs/naming.md against the release's fixture and the kit's own members, so the table cannot drift.</summary>
[Collection("KitGlobalState")]
public partial class NamingTableTests
{
    private static string[][] Rows(string section)
    {
        var text = File.ReadAllText(Path.Combine(Checkout.RepositoryRoot, "docs", "naming.md"));
        var start = text.IndexOf($"## {section}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/naming.md has no section '{section}'");
        var end = text.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return [.. text[start..(end < 0 ? text.Length : end)].Split('\n')
            .Where(l => l.StartsWith('|') && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Skip(1)  // the header
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())];
    }

    private static IEnumerable<string> Code(string cell) => CodeSpan().Matches(cell).Select(m => m.Groups[1].Value);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [Fact]
    public void EveryReleaseParameterIsListedAndIsAParameterOfTheKitsModelUnderTheSameName()
    {
        using var fixture = ReleaseModelFixture.Load(Checkout.OfficialFixtures, ScalarType.Float64);
        var listed = Rows("Parameters").Select(r => Code(r[0]).Single()).ToArray();
        Assert.Equal(fixture.ReleaseParameterNames.Order(), listed.Order());
        Assert.Equal(fixture.Model.state_dict().Keys.Order(), listed.Order());
    }

    [Fact]
    public void EveryKitMemberAndHookPointInTheQuantitiesTableExists()
    {
        var rows = Rows("Quantities");
        Assert.True(rows.Length >= 14, $"only {rows.Length} quantities listed");
        using var fixture = ReleaseModelFixture.Load(Checkout.OfficialFixtures, ScalarType.Float64);
        var hookPoints = Hooks.PointsOf(fixture.Model).Keys.ToHashSet();
        var types = new[] { typeof(SafrOutput), typeof(SafrRegularizer), typeof(SafrLoss), typeof(SafrObjective) }.ToDictionary(t => t.Name);
        var checkedMembers = 0;
        foreach (var row in rows)
        {
            foreach (var member in Code(row[2]))
            {
                var parts = member.Split('.');
                Assert.True(types.TryGetValue(parts[0], out var type), $"docs/naming.md names {member}, of a type the test does not know");
                Assert.NotEmpty(type.GetMember(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
                checkedMembers++;
            }
            foreach (var hook in Code(row[3])) Assert.Contains(hook, hookPoints);
        }
        Assert.True(checkedMembers >= 15, $"only {checkedMembers} kit members were checked");
    }

    [Fact]
    public void NoPublicMemberOfTheKitIsCalledInterference()
    {
        // The release's "interference" means two different things; the kit uses neither word for either.
        var offenders = typeof(SafrObjective).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => $"{t.Name}.{m.Name}").Append(t.Name))
            .Where(n => n.Contains("Interference", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(offenders);
    }
}
