using OdooSidecar.Policy;

namespace OdooSidecar.Tests.Policy;

public sealed class DeniedModelsTests
{
    private static readonly DeniedModels Shipped = DeniedModels.LoadShipped();

    [Fact]
    public void The_list_shipped_with_the_sidecar_is_the_addons_file()
    {
        var addonFile = Path.Combine(RepositoryRoot(), "odoo_addon", "mcp_server", "data", DeniedModels.FileName);
        var shippedFile = Path.Combine(AppContext.BaseDirectory, "Policy", DeniedModels.FileName);

        Assert.Equal(File.ReadAllBytes(addonFile), File.ReadAllBytes(shippedFile));
        Assert.Equal(DeniedModels.Parse(File.ReadAllText(addonFile)).Entries.Order(), Shipped.Entries.Order());
    }

    [Theory]
    [InlineData("res.users.apikeys")]
    [InlineData("res.groups")]
    [InlineData("ir.config_parameter")]
    [InlineData("ir.module.module")]
    [InlineData("ir.module.module.dependency")]
    [InlineData("ir.cron")]
    [InlineData("ir.actions.server")]
    [InlineData("ir.actions.act_window")]
    [InlineData("ir.model.access")]
    [InlineData("ir.rule")]
    [InlineData("ir.model")]
    [InlineData("ir.model.fields")]
    [InlineData("ir.ui.view")]
    [InlineData("base.module.upgrade")]
    [InlineData("base.language.install")]
    [InlineData("mcp.enabled.model")]
    [InlineData("mcp.log")]
    public void Security_and_code_models_are_denied(string model) =>
        Assert.True(Shipped.Contains(model), $"{model} is not denied");

    [Theory]
    [InlineData("res.partner")]
    [InlineData("sale.order")]
    [InlineData("ir.attachment")]
    [InlineData("res.users")]
    [InlineData("res.company")]
    [InlineData("account.move")]
    [InlineData("mail.message")]
    public void Ordinary_business_models_are_not_denied(string model) =>
        Assert.False(Shipped.Contains(model), $"{model} is denied");

    [Fact]
    public void A_prefix_matches_only_names_that_continue_after_its_dot()
    {
        var denied = DeniedModels.Parse("ir.actions.*\nres.groups\n");

        Assert.True(denied.Contains("ir.actions.server"));
        Assert.True(denied.Contains("ir.actions.act_window.view"));
        Assert.False(denied.Contains("ir.actionsx"));
        Assert.False(denied.Contains("ir.actions"));
        Assert.False(denied.Contains("xir.actions.server"));
        Assert.False(denied.Contains("res.groups.extra"));
        Assert.False(denied.Contains("res.group"));
        Assert.False(denied.Contains("RES.GROUPS"));
    }

    [Fact]
    public void Comments_blank_lines_and_surrounding_spaces_are_ignored()
    {
        var denied = DeniedModels.Parse("# heading\r\n\r\n  res.groups  # who may do what\r\nmcp.*\r\n#ir.cron\n");

        Assert.Equal(["mcp.*", "res.groups"], denied.Entries.Order());
        Assert.False(denied.Contains("ir.cron"));
        Assert.False(denied.Contains("# heading"));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OdooSidecar.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds OdooSidecar.sln.");
    }
}
