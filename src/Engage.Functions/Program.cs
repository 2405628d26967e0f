using Engage.Functions.CustomHandler;
using Engage.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEngageHost();

var app = builder.Build();
app.UseEngagePipeline();
app.MapEngageEndpoints();
if (app.TryEmitFunctions())
{
    return;
}

app.Run();

/// <summary>The entry point, public so tests can host the app with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
