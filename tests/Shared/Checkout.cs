namespace Safr.Tests.Shared;

/// <summary>
/// What the tests read from this checkout, and nothing outside it: the official fixtures (fixtures/official), the
/// generated sample datasets (data/samples), and the full datasets where they are present (SAFR_DATA when set, else
/// this checkout's data/, where a researcher puts them).
/// </summary>
internal static class Checkout
{
    /// <summary>The checkout the test binaries were built in: the first ancestor holding Safr.Notebooks.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>fixtures/official: values computed with the released PyTorch code (fixtures/official/README.md).</summary>
    public static string OfficialFixtures => Path.Combine(RepositoryRoot, "fixtures", "official");

    public static string Fixture(string fileName) => Path.Combine(OfficialFixtures, fileName);

    /// <summary>
    /// data/samples: small generated stand-ins for every dataset in its real file formats (data/samples/README.md).
    /// They are not the published files, so they are read with checksum verification off.
    /// </summary>
    public static string Samples => Path.Combine(RepositoryRoot, "data", "samples");

    /// <summary>The full datasets: SAFR_DATA when set, else this checkout's data/ (laid out as data/README.md says).</summary>
    public static string FullData { get; } =
        Environment.GetEnvironmentVariable("SAFR_DATA") is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(RepositoryRoot, "data");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Safr.Notebooks.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"no Safr.Notebooks.sln above {AppContext.BaseDirectory}");
    }
}
