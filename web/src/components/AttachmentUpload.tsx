import { useRef, useState } from 'react';
import { Image, Typography, Upload, type UploadFile } from 'antd';
import { FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError, type ResponseOf } from '../api/client';
import { defineMessages } from '../i18n';

export type Attachment = ResponseOf<'/api/files', 'post'>;

const { useT } = defineMessages(
  {
    'upload.add': '上传',
    'upload.photo': '拍照/选图',
    'upload.hint': '{types}，每个不超过 {mb} MB，最多 {max} 个',
    'upload.uploading': '正在上传…',
    'upload.max': '最多 {max} 个',
    'upload.failed': '上传失败：{message}',
  },
  {
    'upload.add': 'Upload',
    'upload.photo': 'Photo',
    'upload.hint': '{types}, each at most {mb} MB, at most {max}',
    'upload.uploading': 'Uploading…',
    'upload.max': 'At most {max}',
    'upload.failed': 'Upload failed: {message}',
  },
);

/** The URL an attachment is read from (the server checks the reader's area; images inline, PDF as a download). */
export const attachmentUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;

interface Item {
  uid: string;
  name: string;
  status: 'uploading' | 'done';
  file?: Attachment;
}

/**
 * 附件上传, for a form field whose value is a list of attachment ids (Form.Item name="photos"). Each file goes to
 * POST /api/files at once, for the record's area and the field's purpose; the server judges its type from its bytes and
 * refuses one too large — its message is shown on the field, and the file is left out. Images show as thumbnails (a tap
 * previews), PDFs as a link; a file can be removed before the form is submitted (an upload no record takes is deleted
 * by the server after a day). `images` limits the picker to images and lets a phone offer its camera.
 */
export function AttachmentUpload({
  value,
  onChange,
  purpose,
  areaCode,
  images = false,
  max = 9,
  maxMb = 10,
  testId,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  purpose: string;
  areaCode: string;
  images?: boolean;
  max?: number;
  maxMb?: number;
  testId: string;
}) {
  const t = useT();
  const [items, setItems] = useState<Item[]>([]);
  // The list as of the last change: several files chosen at once finish in any order.
  const current = useRef<Item[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  const emit = (next: Item[], changed = true) => {
    current.current = next;
    setItems(next);
    if (changed) onChange?.(next.filter((i) => i.file).map((i) => i.file!.id));
  };

  const send = async (file: File & { uid: string }) => {
    setError(null);
    if (current.current.length >= max) {
      setError(t('upload.max', { max }));
      return;
    }
    emit([...current.current, { uid: file.uid, name: file.name, status: 'uploading' }], false);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const got = await api.upload('/api/files', form, { query: { purpose, areaCode }, silent: true });
      emit(current.current.map((i) => (i.uid === file.uid ? { ...i, status: 'done' as const, file: got, name: got.name } : i)));
    } catch (err) {
      emit(current.current.filter((i) => i.uid !== file.uid), false);
      setError(t('upload.failed', { message: err instanceof ApiError ? err.message : String(err) }));
    }
  };

  const fileList: UploadFile[] = items.map((i) => ({
    uid: i.uid,
    name: i.name,
    status: i.status,
    ...(i.file ? { url: attachmentUrl(i.file.id), thumbUrl: i.file.type.startsWith('image/') ? attachmentUrl(i.file.id) : undefined } : {}),
  }));
  const ids = value ?? [];

  return (
    <div data-testid={testId} data-count={ids.length}>
      <Upload
        listType="picture-card"
        accept={images ? 'image/*' : 'image/*,application/pdf,.pdf'}
        multiple
        fileList={fileList}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
        onRemove={(f) => {
          setError(null);
          emit(current.current.filter((i) => i.uid !== f.uid));
          return true;
        }}
        onPreview={(f) => {
          const it = items.find((i) => i.uid === f.uid)?.file;
          if (!it) return;
          if (it.type.startsWith('image/')) setPreview(attachmentUrl(it.id));
          else window.open(attachmentUrl(it.id), '_blank', 'noopener');
        }}
        iconRender={(f) => (f.thumbUrl ? undefined : <FilePdfOutlined />)}
      >
        {items.length < max && (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }} data-testid={`${testId}-add`}>
            <PlusOutlined />
            <div style={{ marginTop: 4 }}>{images ? t('upload.photo') : t('upload.add')}</div>
          </button>
        )}
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('upload.hint', { types: images ? 'JPEG/PNG/WebP' : 'JPEG/PNG/WebP/PDF', mb: maxMb, max })}
      </Typography.Text>
      {error && (
        <div>
          <Typography.Text type="danger" data-testid={`${testId}-error`}>
            {error}
          </Typography.Text>
        </div>
      )}
      {preview && <Image style={{ display: 'none' }} src={preview} preview={{ open: true, src: preview, onOpenChange: (open) => !open && setPreview(null) }} />}
    </div>
  );
}

/** Attachments already saved with a record: image thumbnails (a tap previews) and PDF links. */
export function AttachmentList({ files, testId }: { files: Attachment[]; testId: string }) {
  if (!files.length) return null;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }} data-testid={testId}>
      <Image.PreviewGroup>
        {files
          .filter((f) => f.type.startsWith('image/'))
          .map((f) => (
            <Image key={f.id} src={attachmentUrl(f.id)} alt={f.name} width={72} height={72} style={{ objectFit: 'cover' }} data-testid={`${testId}-image`} />
          ))}
      </Image.PreviewGroup>
      {files
        .filter((f) => !f.type.startsWith('image/'))
        .map((f) => (
          <a key={f.id} href={attachmentUrl(f.id)} download={f.name} data-testid={`${testId}-pdf`}>
            <FilePdfOutlined /> {f.name}
          </a>
        ))}
    </div>
  );
}
