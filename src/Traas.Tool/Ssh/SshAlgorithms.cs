using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// The ciphers and MACs traas-ci offers, most wanted first; the server takes the first it also has. AES-GCM
/// first: an AEAD cipher that SSH.NET runs on the BCL's AES-GCM (AES-NI), with no separate MAC; then
/// ChaCha20-Poly1305 and AES-CTR with an encrypt-then-MAC SHA-2 MAC for servers without it. CBC modes,
/// 3DES and SHA-1 MACs are not offered (OpenSSH's own defaults dropped them too).
/// </summary>
internal static class SshAlgorithms
{
    private static readonly string[] Ciphers =
    [
        "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
        "aes128-ctr", "aes192-ctr", "aes256-ctr",
    ];

    private static readonly string[] Macs =
    [
        "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512",
    ];

    public static void Choose(ConnectionInfo info)
    {
        Keep(info.Encryptions, Ciphers);
        Keep(info.HmacAlgorithms, Macs);
    }

    /// <summary>Leaves only <paramref name="wanted"/> of what SSH.NET offers, in that order.</summary>
    private static void Keep<T>(IOrderedDictionary<string, T> offered, string[] wanted)
    {
        var kept = wanted.Where(offered.ContainsKey).Select(name => (name, offered[name])).ToList();
        offered.Clear();
        foreach (var (name, value) in kept)
            offered.Add(name, value);
    }
}
