namespace KissChat.Kernel.Identity;

/// <summary>
/// Each instance remembers for a few seconds (Auth:SessionCheckSeconds) which sessions of an account are live, rather
/// than asking the database on every request. Whatever ends an account's sessions in the database (logout, a revoked
/// session, a deleted account) tells it here, so their access tokens stop working on this instance at once; other
/// instances notice within those seconds. The Auth module implements it.
/// </summary>
public interface ISessionCache
{
    void Forget(Guid userId);
}
