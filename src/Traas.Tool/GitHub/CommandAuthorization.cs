namespace Traas.Tool.GitHub;

/// <summary>
/// Who may command traas-ci on a pull request: an author whose author_association is OWNER, MEMBER or
/// COLLABORATOR, or whose permission on the repository (GET /repos/{owner}/{repo}/collaborators/{user}/permission)
/// is write or more. A command costs cloud capacity (recheck) or keeps a stack for days (hold), so it is
/// for the people who could merge the change anyway, never for whoever can comment.
/// </summary>
internal static class CommandAuthorization
{
    /// <summary>The associations GitHub puts on a comment that are trusted without asking for the permission.</summary>
    public static readonly IReadOnlySet<string> TrustedAssociations =
        new HashSet<string>(StringComparer.Ordinal) { "OWNER", "MEMBER", "COLLABORATOR" };

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
