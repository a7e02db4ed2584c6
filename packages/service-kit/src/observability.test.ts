import { operationLabels } from './observability';

describe('operation labels of the request metrics', () => {
  test('stay bounded whatever names clients send', () => {
    const label = operationLabels(3);
    expect(['TitlePage', 'Guide', 'Search'].map(label)).toEqual(['TitlePage', 'Guide', 'Search']);
    expect(label('Random123')).toBe('other');
    expect(label('TitlePage')).toBe('TitlePage');
    expect(label(null)).toBe('anonymous');
  });

  test('names that are not GraphQL names are never labels', () => {
    const label = operationLabels();
    expect(label('x"} 1\n# injected')).toBe('other');
    expect(label('a'.repeat(500))).toBe('other');
  });
});
