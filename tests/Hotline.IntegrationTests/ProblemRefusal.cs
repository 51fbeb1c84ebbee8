using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Contracts;

namespace Hotline.IntegrationTests;

/// <summary>A refused REST call's problem details: the English <c>detail</c>, and beside it the refusal's <c>code</c> (from the catalogue) and <c>params</c>.</summary>
public static class ProblemRefusal
{
    public sealed record Refused(string Code, IReadOnlyDictionary<string, string> Params, string Detail);

    public static async Task<Refused> Read(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = problem.GetProperty("code").GetString()!;
        Assert.True(RefusalCodes.All.Contains(code), $"the code '{code}' is not in RefusalCodes: {problem}");
        var parameters = problem.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new Refused(code, parameters, problem.GetProperty("detail").GetString()!);
    }
}
