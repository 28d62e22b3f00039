using Safr.Kit.Display;

namespace Safr.Kit.Tests.Display;

public class ResultsTableTests
{
    [Fact]
    public void RendersEveryRowEscapedAndAlignsText()
    {
        var table = new ResultsTable(["model", "acc"], [["<b>base</b>", "0.81"], ["SAFR", "0.80"]], "SST-2");
        var html = ConventionDispatcher.Format(table, "text/html")!;
        Assert.Contains("&lt;b&gt;base&lt;/b&gt;", html);
        Assert.Equal(3, html.Split("<tr").Length - 1);
        Assert.Contains("SST-2", html);
        Assert.Equal("SST-2\nmodel        acc\n<b>base</b>  0.81\nSAFR         0.80\n", table.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void ARaggedRowIsAnErrorBoxNotAShiftedTable()
    {
        var html = ConventionDispatcher.Format(new ResultsTable(["a", "b"], [["1"]]), "text/html")!;
        Assert.Contains("row 0 has 1 cells for 2 columns", html);
    }
}
