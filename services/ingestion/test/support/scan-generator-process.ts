// Generates synthetic scans for the integration tests in a plain Node process: drawing pages is
// several times slower inside jest's VM contexts. One JSON request per stdin line
// ({ id, file, options }), one JSON answer per stdout line ({ id, truth } or { id, error }).
import readline from 'node:readline';
import { generateScanPdfToFile, type ScanOptions } from '@gradeline/testing';

interface Request {
  id: number;
  file: string;
  options: ScanOptions;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const request = JSON.parse(line) as Request;
  generateScanPdfToFile(request.file, request.options)
    .then(({ truth }) => process.stdout.write(`${JSON.stringify({ id: request.id, truth })}\n`))
    .catch((error: unknown) => process.stdout.write(`${JSON.stringify({ id: request.id, error: String(error) })}\n`));
});
