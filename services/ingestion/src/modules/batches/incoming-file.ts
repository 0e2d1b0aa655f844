import { type Readable } from 'node:stream';
import { AppError } from '@gradeline/kit';
import { type FastifyRequest } from 'fastify';

export interface IncomingFile {
  stream: Readable;
  fileName: string;
}

const DEFAULT_NAME = 'scan.pdf';

/**
 * The uploaded file as a stream: the multipart field `file`, or the whole body when it is sent as
 * `application/pdf` (the body parser hands the request stream through untouched).
 */
export async function incomingFile(request: FastifyRequest, fileName: string | undefined): Promise<IncomingFile> {
  if (!request.isMultipart()) {
    return { stream: request.body as Readable, fileName: fileName ?? DEFAULT_NAME };
  }
  const part = await request.file();
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('upload_missing_file', 'send the PDF in the multipart field "file"', {
      errors: [{ path: 'body.file', message: 'is required' }],
    });
  }
  return { stream: part.file, fileName: (part.filename || fileName || DEFAULT_NAME).slice(0, 255) };
}
