# kind: correct
# why: Sorts the distinct labels with sorted and gives the i-th the i-th row of a float32 identity (cloned), size = number of classes.
def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    classes = sorted(set(labels))
    eye = torch.eye(len(classes), dtype=torch.float32)
    return {label: eye[i].clone() for i, label in enumerate(classes)}
