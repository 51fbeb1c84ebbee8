using Hotline.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddHotline();

var app = builder.Build();
app.MapHotline();
app.Run();
