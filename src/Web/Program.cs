using Hotline.Web;

// An operator's command instead of the server: dotnet run --project src/Web -- audit verify [--from yyyy-MM-dd]
if (AuditVerifyCommand.Matches(args))
    return await AuditVerifyCommand.Run(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddHotline();

var app = builder.Build();
app.MapHotline();
app.Run();
return 0;
