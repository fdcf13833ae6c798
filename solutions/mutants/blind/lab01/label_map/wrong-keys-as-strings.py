# kind: wrong
# why: narrow: converts labels to str before sorting, so non-string labels (ints) get string keys and string order ("10" < "2"); passes visible tests (string labels)
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    vocab = sorted({str(label) for label in labels})
    eye = torch.eye(len(vocab))
    return {label: eye[i] for i, label in enumerate(vocab)}
