using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

[Collection("KitGlobalState")]
public class EvaluationScopeTests
{
    [Fact]
    public void EvaluatesWithoutGradientsAndRestoresTheModeEvenOnAnException()
    {
        using var model = TinyModel.Create();
        model.train();
        var x = randn(2, 3).requires_grad_();
        void EvaluateThenFail()
        {
            using var evaluation = new EvaluationScope(model);
            Assert.False(model.training);
            Assert.False((x * 2).requires_grad);
            throw new InvalidOperationException("inside the block");
        }
        Assert.Throws<InvalidOperationException>(EvaluateThenFail);
        Assert.True(model.training);
        Assert.True((x * 2).requires_grad);

        model.eval();
        using (new EvaluationScope(model)) { }
        Assert.False(model.training);
    }
}
