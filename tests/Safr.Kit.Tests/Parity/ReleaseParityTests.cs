using Xunit.Abstractions;
using Safr.Kit.Parity;

namespace Safr.Kit.Tests.Parity;

/// <summary>The whole port against the release's own numbers: regularizers, model, gradients, two Adam steps.</summary>
[Collection("KitGlobalState")]
public class ReleaseParityTests
{
    private readonly ITestOutputHelper _output;

    public ReleaseParityTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void OfficialFixturesAreWithinTolerance(ScalarType dtype)
    {
        var report = ReleaseParity.Run(Checkout.OfficialFixtures, dtype);
        _output.WriteLine(report.ToJson());
        Assert.True(report.RelativeErrors.Count + report.Informational!.Count >= 4 + 9 + 2 * 20, $"only {report.RelativeErrors.Count} quantities were compared");
        Assert.True(report.Passed, $"{report.Precision}: worst {report.Worst} = {report.MaxRelativeError:E2} > {report.Tolerance:E0}");
    }

    [Fact]
    public void AWrongParameterIsCaught()
    {
        // The check must be able to fail: perturb one fixture parameter in a copy and rerun.
        using var copy = new TempFolder("safr-parity-");
        foreach (var f in Directory.GetFiles(Checkout.OfficialFixtures)) File.Copy(f, copy[Path.GetFileName(f)]);
        var tensors = Safr.Kit.Serialization.SafeTensors.Load(copy["model.safetensors"]);
        tensors["param.fc.bias"] = tensors["param.fc.bias"] + 1e-6;
        Safr.Kit.Serialization.SafeTensors.Save(tensors, copy["model.safetensors"]);
        var report = ReleaseParity.Run(copy.Path, ScalarType.Float64);
        Assert.False(report.Passed);
        Assert.True(report.RelativeErrors["model.logits"] > 1e-9);
    }
}

public class ParityOnMissingFixturesTests
{
    [Fact]
    public void AnEmptyFolderComparesNothingAndFails()
    {
        using var empty = new TempFolder("safr-parity-empty-");
        var report = ReleaseParity.Run(empty.Path, ScalarType.Float64);
        Assert.Equal(0, report.Compared);
        Assert.Equal(ReleaseParity.FixtureFiles, report.Missing);
        Assert.False(report.Passed);
    }

    [Fact]
    public void AMissingFixtureFileIsNamedAndFailsTheCheck()
    {
        using var copy = new TempFolder("safr-parity-partial-");
        foreach (var f in Directory.GetFiles(Checkout.OfficialFixtures)) File.Copy(f, copy[Path.GetFileName(f)]);
        File.Delete(copy["adam.json"]);
        var report = ReleaseParity.Run(copy.Path, ScalarType.Float64);
        Assert.Equal(["adam.json"], report.Missing);
        Assert.True(report.Compared > 0);
        Assert.All(report.RelativeErrors.Values, e => Assert.True(e <= report.Tolerance));  // what was compared is fine...
        Assert.False(report.Passed);                                                       // ...but the check is incomplete
    }
}

[CollectionDefinition("KitGlobalState", DisableParallelization = true)]
public class KitGlobalStateCollection;
