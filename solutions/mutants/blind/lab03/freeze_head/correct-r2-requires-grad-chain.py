# kind: correct
# why: nn.Module.requires_grad_(False) on the whole model then requires_grad_(True) on model.fc: all params (BN included) frozen, both head params trainable, whatever the earlier state.
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    model.requires_grad_(False)
    model.fc.requires_grad_(True)
