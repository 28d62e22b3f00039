namespace Safr.Tests.Shared;

/// <summary>
/// Finds the workplace's shared/ folder (fixtures, datasets): SAFR_FIXTURES names the official fixtures
/// directly; otherwise the first ancestor of the test binaries with shared/fixtures/official, or a
/// sibling ../shared (the layout of a checkout, and of CI's fresh clone).
/// </summary>
internal static class SharedFolder
{
    public static string OfficialFixtures
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SAFR_FIXTURES") is { Length: > 0 } dir) return dir;
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(d.FullName, "shared"), Path.Combine(d.FullName, "..", "shared") })
                {
                    var fixtures = Path.Combine(candidate, "fixtures", "official");
                    if (Directory.Exists(fixtures)) return Path.GetFullPath(fixtures);
                }
            }
            throw new DirectoryNotFoundException(
                "The official fixtures were not found: set SAFR_FIXTURES, or put the shared/ folder beside the repository (../shared/fixtures/official).");
        }
    }

    public static string Fixture(string fileName) => Path.Combine(OfficialFixtures, fileName);

    /// <summary>The checkout the test binaries were built in: the first ancestor holding Safr.Notebooks.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Safr.Notebooks.sln"))) return d.FullName;
            throw new DirectoryNotFoundException($"no Safr.Notebooks.sln above {AppContext.BaseDirectory}");
        }
    }
}
