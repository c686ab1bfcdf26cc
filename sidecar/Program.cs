using OdooSidecar.Audit;
using OdooSidecar.Gateway;
using OdooSidecar.Identity;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;

var builder = WebApplication.CreateBuilder(args);
builder.AddOdoo();
builder.AddPolicy();
builder.AddIdentity();
builder.AddAudit();
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();

/// <summary>The entry point, visible to the tests that host the sidecar.</summary>
public partial class Program;
