import { useEffect, useMemo, useState } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { configureApi, setApiLang } from './api/client';
import { AuthProvider } from './auth';
import { I18nContext, initialLang, makeI18n, storeLang, type Lang } from './i18n';
import { AppRoutes } from './app/AppRoutes';

export function Root() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  setApiLang(lang);
  // The date pickers' month and weekday names (antd's locale has the rest of their words).
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  useEffect(() => storeLang(lang), [lang]);
  const i18n = useMemo(() => makeI18n(lang, setLangState), [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} virtual={false} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 6 } }}>
        <AntApp>
          <Notifier />
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

/** Lets the API client show server messages through antd's context-aware message API. */
function Notifier() {
  const { message } = AntApp.useApp();
  useEffect(() => {
    configureApi({ notify: (text) => void message.error({ content: text, className: 'fp-api-error' }) });
  }, [message]);
  return null;
}
