import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n';

/** 中文 / English. The choice is kept in localStorage and sent to the server as Accept-Language. */
export function LangSwitch({ testId = 'lang-switch' }: { testId?: string }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={(v) => setLang(v)}
      options={[
        { label: <span data-testid="lang-zh">{t('lang.zh')}</span>, value: 'zh' },
        { label: <span data-testid="lang-en">{t('lang.en')}</span>, value: 'en' },
      ]}
      data-testid={testId}
    />
  );
}
