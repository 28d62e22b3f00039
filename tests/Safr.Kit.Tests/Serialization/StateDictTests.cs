using Safr.Kit.Serialization;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Serialization;

/// <summary>Loading weights is all or nothing: a misfit anywhere is refused, naming the tensor, before anything changes.</summary>
[Collection("KitGlobalState")]
public sealed class StateDictTests
{
    private static Dictionary<string, byte[]> Bytes(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.Bytes());

    [Fact]
    public void AWrongShapeLateInTheFileChangesNothing()
    {
        using var model = TinyModel.Create(seed: 1);
        using var other = TinyModel.Create(seed: 2);
        var before = Bytes(model);
        using var scope = NewDisposeScope();
        var weights = other.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var last = weights.Keys.Last();  // every earlier tensor fits and would be copied by an entry-by-entry load
        weights[last] = zeros(weights[last].shape[0] + 1);

        var error = Assert.Throws<ArgumentException>(() => StateDict.Load(model, weights));
        Assert.Contains($"'{last}'", error.Message);
        Assert.Equal(before, Bytes(model));

        weights.Remove(last);
        Assert.Contains(last, Assert.Throws<ArgumentException>(() => StateDict.Load(model, weights)).Message);
    }

    [Fact]
    public void AFittingStateDictIsCopiedWhole()
    {
        using var model = TinyModel.Create(seed: 1);
        using var other = TinyModel.Create(seed: 2);
        StateDict.Load(model, other.state_dict());
        Assert.Equal(Bytes(other), Bytes(model));
    }
}
