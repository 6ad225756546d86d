/**
 * Who is signed in: loaded once from GET /api/auth/me, replaced at login, cleared at logout or when the server says
 * the session is gone. Permissions come from the server; the app only shows or hides, the server enforces.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, configureApi, setCsrfToken } from './api/client';
import { authApi, type Me, type Permission } from './features/auth/api';

export interface LoginState {
  from?: string;
}

interface AuthValue {
  user: Me | null;
  loading: boolean;
  /** Why the user was sent back to the login page (the server's SESSION_EXPIRED / AUTH_REQUIRED message). */
  notice: string | null;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<Me | null>;
  can(permission: Permission): boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  const setUser = useCallback((me: Me | null) => {
    setCsrfToken(me?.csrfToken ?? '');
    setUserState(me);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await authApi.me();
      setUser(me);
      return me;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        setUser(null);
        return null;
      }
      throw err;
    }
  }, [setUser]);

  useEffect(() => {
    refresh()
      .catch(() => setUser(null))
      .finally(() => setLoading(false));
  }, [refresh, setUser]);

  // The API client reports a lost session or a pending password change from any request.
  const pathname = location.pathname;
  useEffect(() => {
    configureApi({
      onSessionLost: (err) => {
        setNotice(err.message);
        setUser(null);
        const state: LoginState = { from: pathname };
        navigate('/login', { replace: true, state });
      },
      onPasswordChangeRequired: () => {
        setUserState((u) => (u ? { ...u, mustChangePassword: true } : u));
        navigate('/change-password', { replace: true });
      },
    });
  }, [navigate, pathname, setUser]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await authApi.login(username, password);
      const me = { ...res.user, mustChangePassword: res.mustChangePassword };
      setNotice(null);
      setUser(me);
      return me;
    },
    [setUser],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // the session may already be gone; signing out locally is enough
    }
    setNotice(null);
    setUser(null);
  }, [setUser]);

  const value = useMemo<AuthValue>(
    () => ({
      user,
      loading,
      notice,
      login,
      logout,
      refresh,
      can: (p) => !!user && user.permissions.includes(p),
    }),
    [user, loading, notice, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
