import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Space, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { importsApi } from '../api';
import { useT } from '../messages';
import { ImportJobView } from '../components/ImportJobView';
import { ImportHistory } from '../components/ImportHistory';

/** 导入农户: upload → dry run → the user's choice → import; and the user's previous imports. */
export default function ImportPage() {
  const { jobId } = useParams();
  const rt = useT();
  const navigate = useNavigate();
  const [uploading, setUploading] = useState(false);
  const [jobState, setJobState] = useState('');
  const [fetching, setFetching] = useState(false);
  const id = jobId && /^\d+$/.test(jobId) ? Number(jobId) : null;

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    setUploading(true);
    try {
      const job = await importsApi.upload(form);
      navigate(`/households/import/${job.id}`);
    } catch {
      // shown by the API client
    } finally {
      setUploading(false);
    }
  };

  // The blank template: the columns the import reads, drop-down lists, and the villages of the user's area.
  const template = async () => {
    setFetching(true);
    try {
      await importsApi.template();
    } catch {
      // shown by the API client
    } finally {
      setFetching(false);
    }
  };

  return (
    <div data-testid="import-page" style={{ maxWidth: 1100 }}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/households')}>
          {rt('imp.backToList')}
        </Button>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0 }}>
          {rt('imp.title')}
        </Typography.Title>
      </Space>
      {id ? (
        <ImportJobView key={id} id={id} onAnother={() => navigate('/households/import')} onState={setJobState} />
      ) : (
        <Card size="small">
          <Typography.Paragraph>{rt('imp.hint')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {rt('imp.templateHint')}{' '}
            <Button icon={<DownloadOutlined />} loading={fetching} onClick={() => void template()} data-testid="imp-template">
              {rt('imp.template')}
            </Button>
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            data-testid="imp-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{uploading ? rt('imp.state.uploaded') + '…' : rt('imp.dragHint')}</p>
          </Upload.Dragger>
        </Card>
      )}
      <ImportHistory reloadKey={`${jobId ?? 'new'}-${jobState}`} />
    </div>
  );
}
