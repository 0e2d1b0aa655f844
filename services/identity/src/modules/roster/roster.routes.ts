import { requirePermission } from '@gradeline/auth';
import { RosterImportQuery, RosterImportReport } from '@gradeline/contracts';
import { AppError, type KitServer } from '@gradeline/kit';
import Busboy from 'busboy';
import { type FastifyRequest } from 'fastify';
import { type Identity } from '../../identity';
import { RosterImport } from './roster-import.service';

/** Roster files: 10,000 pupils are well under a megabyte; this leaves room for long rows. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The first file part of a multipart/form-data body, as bytes. */
function firstFilePart(request: FastifyRequest, body: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parser = Busboy({ headers: request.headers, limits: { files: 1, fileSize: MAX_FILE_BYTES } });
    let found: Promise<Buffer> | null = null;
    parser.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      found = new Promise((done, fail) => {
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => fail(new AppError('payload_too_large', 'the file is larger than 10 MiB')));
        stream.on('end', () => done(Buffer.concat(chunks)));
      });
    });
    parser.on('error', () => reject(new AppError('validation_failed', 'the multipart body is malformed', { errors: [{ path: 'body', message: 'malformed multipart body' }] })));
    parser.on('close', () => (found ? found.then(resolve, reject) : reject(new AppError('validation_failed', 'no file in the form', { errors: [{ path: 'body', message: 'attach the CSV file' }] }))));
    body.pipe(parser);
  });
}

/** POST /students/import?dryRun=true|false with the CSV as the body (text/csv) or as a form file. */
export function rosterRoutes(app: KitServer, identity: Identity): void {
  const importer = new RosterImport(identity);
  // Raw bytes: the encoding is detected from them, not from a charset the browser may have guessed.
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'], { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_r, body, done) => done(null, body));
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    firstFilePart(request, payload).then((bytes) => done(null, bytes), (error: Error) => done(error));
  });
  app.post(
    '/students/import',
    { preHandler: requirePermission('students:manage'), bodyLimit: MAX_FILE_BYTES, schema: { querystring: RosterImportQuery, response: { 200: RosterImportReport } } },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'send the CSV as text/csv or as a multipart form file');
      return importer.run(request.em, request, request.body, request.query.dryRun);
    },
  );
}
