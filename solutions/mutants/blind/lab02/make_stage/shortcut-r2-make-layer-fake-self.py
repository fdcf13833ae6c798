# kind: shortcut
# why: Calls torchvision's ResNet._make_layer (fetched from the class __dict__ under another name) on a SimpleNamespace posing as self, with a wrapper that drops its extra block arguments; violates 'monte o estágio você mesmo, sem o ResNet._make_layer do torchvision'.
from types import SimpleNamespace as _NS

_build_layer = vars(ResNet)["_make" + "_layer"]


def make_stage(block, in_channels, out_channels, num_blocks, stride):
    """Monta um estágio (layer1..layer4) da ResNet: um nn.Sequential de num_blocks blocos.

    - O primeiro bloco recebe in_channels canais, devolve out_channels e usa o stride
      dado: block(in_channels, out_channels, stride, downsample).
    - Ele precisa de downsample quando stride != 1 ou in_channels != out_channels:
      nn.Sequential(conv 1x1 com esse stride e sem bias, nn.BatchNorm2d(out_channels));
      caso contrário, o bloco não tem downsample (None).
    - Os demais blocos mantêm tudo: block(out_channels, out_channels).
    Passe os argumentos de block na ordem acima (posicionais).
    """
    def adapter(*args, **kwargs):
        return block(*args[:4]) if len(args) > 2 else block(*args[:2])

    adapter.expansion = 1
    fake = _NS(inplanes=in_channels, dilation=1, groups=1, base_width=64, _norm_layer=nn.BatchNorm2d)
    return _build_layer(fake, adapter, out_channels, num_blocks, stride)
