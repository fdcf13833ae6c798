# kind: wrong
# why: Converts every label to str before sorting, so non-string labels (e.g. ints 2, 10) become string keys in string order ("10" < "2"); violates "devolve um dicionário rótulo → vetor one-hot" with the distinct labels ordered by sorted.
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    classes = sorted({str(label) for label in labels})
    eye = torch.eye(len(classes), dtype=torch.float32)
    return {name: eye[i] for i, name in enumerate(classes)}
