using System.Security.Cryptography;
using System.Text;

namespace Hotline.IntegrationTests;

/// <summary>Solves a start challenge as the worker page does (chat/challenge.js), with its own count of zero bits.</summary>
public static class ChallengeSolver
{
    public static (string Challenge, string Answer) Solve(string challenge, int difficulty)
    {
        for (var answer = 0; ; answer++)
        {
            if (ZeroBits(challenge, answer.ToString()) >= difficulty)
                return (challenge, answer.ToString());
        }
    }

    /// <summary>An answer that does not solve it, for the bad cases.</summary>
    public static string Wrong(string challenge, int difficulty)
    {
        for (var answer = 0; ; answer++)
        {
            if (ZeroBits(challenge, answer.ToString()) < difficulty)
                return answer.ToString();
        }
    }

    private static int ZeroBits(string challenge, string answer) =>
        string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes($"{challenge}:{answer}")).Select(b => Convert.ToString(b, 2).PadLeft(8, '0')))
            .TakeWhile(bit => bit == '0').Count();
}
