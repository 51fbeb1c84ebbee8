using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>
/// One counsellor, signed in, with one or more pages open (each a connection to /hubs/counselor). The first page takes
/// every offer at once and books what workers write; the others only hold their connection, as extra tabs do.
/// </summary>
public sealed class CounsellorDesk : IAsyncDisposable
{
    private readonly HubConnection[] _pages;

    private CounsellorDesk(HubConnection[] pages) => _pages = pages;

    public IReadOnlyList<HubConnection> Pages => _pages;

    public static async Task<CounsellorDesk> Open(IServer web, string token, int pages, LedgerBook book, OfferBook offers)
    {
        var connections = Enumerable.Range(0, pages).Select(_ => HubClients.Connect(new Uri(web.BaseAddress, "/hubs/counselor"), token)).ToArray();
        var desk = new CounsellorDesk(connections);
        var first = connections[0];
        first.On<OfferReceived>("OfferReceived", offer =>
        {
            offers.Offered(offer.ConversationId);
            _ = Accept(first, web, offer, offers);
        });
        first.On<ChatMessage>("MessageReceived", message =>
        {
            if (message.Sender == "worker")
                book.Arrived(message.Text);
        });
        await Task.WhenAll(connections.Select(c => c.StartAsync()));
        return desk;
    }

    public Task SetPresence(string presence) => _pages[0].InvokeAsync("SetPresence", presence);

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
            await page.DisposeAsync();
    }

    private static async Task Accept(HubConnection page, IServer web, OfferReceived offer, OfferBook offers)
    {
        try
        {
            await page.InvokeAsync<object>("AcceptOffer", offer.OfferId.ToString());
            offers.Accepted(offer.ConversationId, web);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException)
        {
            // Withdrawn or expired meanwhile: the conversation is offered again and taken then.
        }
    }
}
