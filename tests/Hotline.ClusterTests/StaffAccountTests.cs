using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Hotline.ClusterTests;

/// <summary>
/// Staff sign-in across web nodes: the admins' dashboard cookie is sealed with data-protection keys kept in Redis (each
/// node has a home of its own, as on a machine of its own), and disabling an account reaches every node.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StaffAccountTests(HotlineCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_staff_cookie_set_by_one_web_node_is_read_by_the_other()
    {
        var (userName, password) = await cluster.Admin.CreateCounselor("郑管理员", role: "admin");
        var cookie = await StaffCookie(cluster.Web(2), userName, password);

        // The dashboard is for signed-in admins only: without the cookie, no node opens it.
        Assert.Equal(HttpStatusCode.Unauthorized, await Dashboard(cluster.Web(1), cookie: null));
        Assert.Equal(HttpStatusCode.OK, await Dashboard(cluster.Web(1), cookie));
        Assert.Equal(HttpStatusCode.OK, await Dashboard(cluster.Web(2), cookie));
    }

    [Fact]
    public async Task Disabling_a_counsellor_on_one_web_node_closes_their_connections_and_refuses_their_token_on_every_node()
    {
        var (userName, password) = await cluster.Admin.CreateCounselor("冯老师");
        var token = await cluster.Web(2).LoginAsync(userName, password);
        // One counsellor, one page on each web node.
        await using var onWeb1 = await CounselorSession.Connect(cluster.Web(1), token);
        await using var onWeb2 = await CounselorSession.Connect(cluster.Web(2), token);
        var closed = new[] { Closed(onWeb1), Closed(onWeb2) };

        // The admin acts on web node 1 (where cluster.Admin signs in).
        using var admin = await cluster.Admin.Client();
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/disable", null)).StatusCode);

        // A bound only so that a node that never closes fails the test rather than hanging it; the time is reported.
        try
        {
            await Task.WhenAll(closed).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Still open 30 s after the counsellor was disabled: the connection to web node {string.Join(" and ", new[] { 1, 2 }.Where(node => !closed[node - 1].IsCompleted))}.");
        }
        output.WriteLine($"disabled on web node 1: the counsellor's connections on both web nodes were closed {clock.Elapsed.TotalSeconds:F1} s later");
        foreach (var node in new[] { 1, 2 })
        {
            using var withToken = cluster.Web(node).CreateClient();
            withToken.DefaultRequestHeaders.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.PostAsync("/hubs/counselor/negotiate?negotiateVersion=1", null)).StatusCode);
        }
    }

    private static Task Closed(CounselorSession session)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    /// <summary>Signs in on <paramref name="site"/> and returns the staff cookie it set, as "name=value".</summary>
    private static async Task<string> StaffCookie(IHotlineSite site, string userName, string password)
    {
        using var http = CookielessClient(site);
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("hotline.staff="));
    }

    /// <summary>GET /dashboard/ with only <paramref name="cookie"/> (no bearer token) to sign in.</summary>
    private static async Task<HttpStatusCode> Dashboard(IHotlineSite site, string? cookie)
    {
        using var http = CookielessClient(site);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        if (cookie is not null)
            request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    // Cookies do not tell ports apart, so a cookie jar would carry one node's cookie to the other by itself: every
    // cookie here is sent by hand.
    private static HttpClient CookielessClient(IHotlineSite site) => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = site.BaseAddress };
}
