using Hotline.Silo;
using Microsoft.AspNetCore.Builder;

// A silo of the cluster profile: the hotline's grains, with Redis for membership, state and reminders. It also
// answers /healthz and /metrics over HTTP (ASPNETCORE_URLS), like every host.
var builder = WebApplication.CreateBuilder(args);
builder.AddHotlineSilo();

var app = builder.Build();
app.MapHotlineSilo();
app.Run();
