namespace Traas.Tool.GitHub;

/// <summary>
/// Who may command traas-ci on a pull request: the repository's owner (author_association OWNER), or an author
/// whose permission on the repository (GET /repos/{owner}/{repo}/collaborators/{user}/permission) is write or
/// more. A command costs cloud capacity (recheck) or keeps a stack for days (hold), so it is for the people who
/// could merge the change anyway, never for whoever can comment. MEMBER and COLLABORATOR are asked about too:
/// GitHub gives them to an organisation's members and to invited collaborators whatever their role, read included.
/// </summary>
internal static class CommandAuthorization
{
    /// <summary>The associations GitHub puts on a comment that are trusted without asking for the permission.</summary>
    public static readonly IReadOnlySet<string> TrustedAssociations =
        new HashSet<string>(StringComparer.Ordinal) { "OWNER" };

    /// <summary>
    /// Repository roles that may push: the legacy <c>permission</c> answers admin or write (maintain reads as
    /// write there), <c>role_name</c> names maintain and custom roles.
    /// </summary>
    public static readonly IReadOnlySet<string> WriteRoles =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "admin", "maintain", "write" };

    public static bool ByAssociation(string association) => TrustedAssociations.Contains(association);

    public static bool ByPermission(string? permission, string? roleName) =>
        (permission is not null && WriteRoles.Contains(permission))
            || (roleName is not null && WriteRoles.Contains(roleName));
}
